package dev.baton.shared;

import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The public Client API's mappings live in their own table, asked first (docs/adr/0071): every mapping is in exactly
 * one table, and a route answers as it did with one table (found, 404 and 405 as problem+json).
 */
class RouteTablesIntegrationTests extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    @Test
    void thePublicTableHoldsThePublicApiAndIsAskedFirstWhileTheMainTableHoldsEverythingElse() {
        RequestMappingHandlerMapping main = context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        RequestMappingHandlerMapping publicTable = context.getBean("publicRouteTable", RequestMappingHandlerMapping.class);

        Set<String> publicPaths = paths(publicTable);
        Set<String> mainPaths = paths(main);
        assertThat(publicPaths).isNotEmpty().allMatch(p -> p.startsWith("/public/"))
                .contains("/public/api/v1/inboxes/{inboxIdentifier}/contacts/{sourceId}/conversations/{conversationId}/messages");
        assertThat(mainPaths).hasSizeGreaterThan(publicPaths.size()).noneMatch(p -> p.startsWith("/public/"))
                .contains("/api/v1/accounts/{accountId}/conversations");
        assertThat(publicTable.getOrder()).isLessThan(main.getOrder());
        assertThat(publicTable.getHandlerMethods().keySet()).doesNotContainAnyElementsOf(main.getHandlerMethods().keySet());
    }

    @Test
    void publicAndOtherRoutesAnswerFoundNotFoundAndMethodNotAllowedAsBefore() {
        Fixtures.World world = fixtures.world();
        String inbox = "/public/api/v1/inboxes/" + world.inbox.identifier();
        assertThat(anonymous.get(inbox).status()).isEqualTo(200);

        assertProblem(anonymous.get("/public/api/v1/inboxes/no-such-inbox"), 404, "not_found");
        assertProblem(anonymous.get(inbox + "/no/such/route"), 404, "not_found");

        Fixtures.Visitor visitor = world.visitor("Rita");
        long conversationId = world.conversationFrom(visitor, "hello");
        String messages = inbox + "/contacts/" + visitor.sourceId() + "/conversations/" + conversationId + "/messages";
        assertThat(anonymous.post(messages, Map.of("content", "again")).status()).isEqualTo(200);
        assertProblem(anonymous.delete(messages), 405, "method_not_allowed");

        assertProblem(world.admin.api().delete("/api/v1/profile"), 405, "method_not_allowed");
        assertThat(world.admin.api().get(world.path("/conversations")).status()).isEqualTo(200);
    }

    private static Set<String> paths(RequestMappingHandlerMapping table) {
        return table.getHandlerMethods().keySet().stream().map(RequestMappingInfo::getPatternValues)
                .flatMap(Set::stream).collect(Collectors.toSet());
    }
}
