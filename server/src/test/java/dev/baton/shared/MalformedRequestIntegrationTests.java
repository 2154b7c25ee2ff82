package dev.baton.shared;

import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Requests that are not even well-formed, sent by anyone without signing in (issue 10): each is a 4xx problem+json
 * with a code, on every path (actuator and the filters before Spring MVC included), and the log gets one short line
 * per refusal, at most {@value RefusedRequests#PER_MINUTE} a minute, never a stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class MalformedRequestIntegrationTests extends IntegrationTest {

    @Test
    void queryStringsThatAreNotUtf8OrHoldNulAreRefusedOnEveryPath() {
        Fixtures.World world = fixtures.world();
        String inbox = "/public/api/v1/inboxes/" + world.inbox.identifier();
        for (String path : List.of("/actuator/health?x=%ff", "/actuator/health?%ff=1", "/actuator/health?x=%00",
                "/actuator/prometheus?x=%c3%28", "/api/v1/profile?q=%ff", inbox + "?x=%e2%82",
                world.path("/conversations?q=%ff"), "/app/?x=%ff", "/ws?x=%ff")) {
            assertProblem(anonymous.get(path), 400, "invalid_characters");
        }
        assertProblem(world.admin.api().get(world.path("/conversations?q=caf%e9")), 400, "invalid_characters");
        assertThat(world.admin.api().get(world.path("/conversations?q=caf%c3%a9")).status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void formBodiesAndParameterNamesThatAreNotUtf8OrHoldNulAreRefused() {
        for (String form : List.of("email=%ff&password=x", "%ff=1", "email=a%00b", "a%00=1", "email=%e2%82")) {
            assertProblem(anonymous.raw("POST", "/auth/sign_in", form, "application/x-www-form-urlencoded"), 400,
                    "invalid_characters");
        }
    }

    @Test
    void pathsTheContainerOrTheFirewallRefuseAnswerProblemJsonToo() {
        Map<String, String> codes = Map.of(
                "/public/api/v1/inboxes/x%2Fy", "bad_request",
                "/a%00b", "bad_request",
                "/%ff", "bad_request",
                "/app/%2e%2e/x", "bad_request",
                "/api/v1/profile;jsessionid=1", "bad_request",
                "/actuator/health/%2e%2e/env", "bad_request");
        codes.forEach((path, code) -> assertProblem(anonymous.get(path), 400, code));
    }

    @Test
    void aFloodOfBadRequestsLeavesAFewShortLinesInTheLogAndNoStackTrace(CapturedOutput output) {
        int before = output.getAll().length();
        for (int i = 0; i < 300; i++) {
            Api.Response r = anonymous.get(i % 2 == 0 ? "/actuator/health?x=%ff" : "/a%00b");
            assertThat(r.status()).isEqualTo(400);
        }
        String logged = output.getAll().substring(before);
        List<String> lines = logged.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines.stream().filter(l -> l.contains("Refused")).count()).isBetween(1L, (long) RefusedRequests.PER_MINUTE);
        assertThat(logged).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThan(400));
    }
}
