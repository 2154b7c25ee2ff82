package dev.baton.bench;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.*;
import io.gatling.javaapi.http.*;
import java.time.Duration;

/**
 * Visitors write, agents list and reply, and a baseline health check runs beside them in the same
 * run, so every figure has a baseline measured under the same load.
 *
 * <ul>
 *   <li>visitors ({@code bench.visitors}, default 50, ramped over 10 s): create a contact, open a
 *       conversation, then send {@code bench.messages} (default 30) messages, 200–600 ms apart.
 *   <li>agents ({@code bench.agents}, default 5, closed model): list open conversations (page 1),
 *       read the newest messages of a random one, reply, pause 200–600 ms; for {@code bench.seconds}
 *       (default 25).
 *   <li>baseline: {@code GET /actuator/health}, 20 per second for the whole run.
 * </ul>
 *
 * No timed assertion: the only assertion is that no request failed.
 */
public class MessagingSimulation extends Simulation {

  static final int VISITORS = Integer.getInteger("bench.visitors", 50);
  static final int MESSAGES = Integer.getInteger("bench.messages", 30);
  static final int AGENTS = Integer.getInteger("bench.agents", 5);
  static final int SECONDS = Integer.getInteger("bench.seconds", 25);

  final Baton baton = Baton.signIn();
  final String pub = baton.publicBase();
  final String api = "/api/v1/accounts/" + baton.accountId;

  final HttpProtocolBuilder protocol =
      http.baseUrl(Baton.URL)
          .acceptHeader("application/json")
          .contentTypeHeader("application/json")
          .userAgentHeader("baton-bench");

  final ScenarioBuilder visitors =
      scenario("visitors")
          .exec(session -> session.set("name", "bench visitor " + session.userId()))
          .exec(
              http("visitor: create contact")
                  .post(pub + "/contacts")
                  .body(StringBody("{\"name\":\"#{name}\"}"))
                  .check(jsonPath("$.source_id").saveAs("sourceId")))
          .exec(
              http("visitor: open conversation")
                  .post(pub + "/contacts/#{sourceId}/conversations")
                  .body(StringBody("{}"))
                  .check(jsonPath("$.id").saveAs("conversationId")))
          .repeat(MESSAGES, "i")
          .on(
              pause(Duration.ofMillis(200), Duration.ofMillis(600)),
              exec(
                  http("visitor: send message")
                      .post(pub + "/contacts/#{sourceId}/conversations/#{conversationId}/messages")
                      .body(
                          StringBody(
                              "{\"content\":\"message #{i} from #{name}\",\"echo_id\":\"#{sourceId}-#{i}\"}"))
                      .check(status().in(200, 201))));

  final ScenarioBuilder agents =
      scenario("agents")
          .during(Duration.ofSeconds(SECONDS))
          .on(
              exec(
                  http("agent: list open conversations, page 1")
                      .get(api + "/conversations?status=open&page=1")
                      .header("api_access_token", baton.token)
                      .check(jsonPath("$.data.payload[*].id").findRandom().optional().saveAs("cid"))),
              doIf(session -> session.contains("cid"))
                  .then(
                      exec(
                          http("agent: newest messages of a conversation")
                              .get(api + "/conversations/#{cid}/messages")
                              .header("api_access_token", baton.token)),
                      exec(
                          http("agent: reply")
                              .post(api + "/conversations/#{cid}/messages")
                              .header("api_access_token", baton.token)
                              .body(StringBody("{\"content\":\"agent reply\"}"))
                              .check(status().in(200, 201)))),
              pause(Duration.ofMillis(200), Duration.ofMillis(600)));

  final ScenarioBuilder baseline =
      scenario("baseline").exec(http("baseline: GET /actuator/health").get("/actuator/health"));

  {
    setUp(
            visitors.injectOpen(rampUsers(VISITORS).during(Duration.ofSeconds(10))),
            agents.injectOpen(atOnceUsers(AGENTS)),
            baseline.injectOpen(constantUsersPerSec(20).during(Duration.ofSeconds(SECONDS))))
        .protocols(protocol)
        .maxDuration(Duration.ofSeconds(60))
        .assertions(global().failedRequests().count().is(0L));
  }
}
