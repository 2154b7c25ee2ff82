package dev.baton.bench;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.*;
import io.gatling.javaapi.http.*;
import java.time.Duration;

/**
 * Does the cost of a read grow with the page asked for, or with the history behind it?
 *
 * <p>Seed phase (through the public API, measured but not the point): {@code bench.seedUsers}
 * (default 10) visitors each open {@code bench.seedConversations / seedUsers} conversations
 * (default 5,000 in all), then together send {@code bench.bigMessages} (default 2,000) messages to
 * one "big" conversation. A "small" conversation with 20 messages is made before the run.
 *
 * <p>Measure phase, after the seed phase has ended: {@code bench.readers} (default 2) agents loop
 * for {@code bench.seconds} (default 20) over the same sequence, so every kind is measured the same
 * number of times under the same conditions: baseline health, conversation list page 1, page 100,
 * page 200, newest messages of the big conversation, of the small one, and the page of the big
 * conversation 50 pages back ({@code before=<id>}).
 */
public class HistorySimulation extends Simulation {

  static final int SEED_USERS = Integer.getInteger("bench.seedUsers", 10);
  static final int SEED_CONVERSATIONS = Integer.getInteger("bench.seedConversations", 5000);
  static final int BIG_MESSAGES = Integer.getInteger("bench.bigMessages", 2000);
  static final int SMALL_MESSAGES = 20;
  static final int READERS = Integer.getInteger("bench.readers", 2);
  static final int SECONDS = Integer.getInteger("bench.seconds", 20);

  final Baton baton = Baton.signIn();
  final String pub = baton.publicBase();
  final String api = "/api/v1/accounts/" + baton.accountId;
  final String bigSource = baton.newContact("bench big history");
  final long bigConversation = baton.newConversation(bigSource);
  final long smallConversation = seedSmall();

  private long seedSmall() {
    String source = baton.newContact("bench small history");
    long id = baton.newConversation(source);
    for (int i = 0; i < SMALL_MESSAGES; i++) {
      Baton.post(
          pub + "/contacts/" + source + "/conversations/" + id + "/messages",
          "{\"content\":\"small " + i + "\",\"echo_id\":\"small-" + i + "\"}",
          null);
    }
    return id;
  }

  final HttpProtocolBuilder protocol =
      http.baseUrl(Baton.URL)
          .acceptHeader("application/json")
          .contentTypeHeader("application/json")
          .userAgentHeader("baton-bench");

  final ScenarioBuilder seed =
      scenario("seed")
          .exec(session -> session.set("name", "bench seed " + session.userId()))
          .exec(
              http("seed: create contact")
                  .post(pub + "/contacts")
                  .body(StringBody("{\"name\":\"#{name}\"}"))
                  .check(jsonPath("$.source_id").saveAs("sourceId")))
          .repeat(SEED_CONVERSATIONS / SEED_USERS)
          .on(
              exec(
                  http("seed: open conversation")
                      .post(pub + "/contacts/#{sourceId}/conversations")
                      .body(StringBody("{}"))))
          .repeat(BIG_MESSAGES / SEED_USERS, "i")
          .on(
              exec(
                  http("seed: message to the big conversation")
                      .post(
                          pub
                              + "/contacts/"
                              + bigSource
                              + "/conversations/"
                              + bigConversation
                              + "/messages")
                      .body(StringBody("{\"content\":\"big #{i} from #{name}\"}"))));

  HttpRequestActionBuilder agentGet(String name, String path) {
    return http(name).get(api + path).header("api_access_token", baton.token).check(status().is(200));
  }

  final ScenarioBuilder readers =
      scenario("readers")
          // find the message 1,000 back (50 pages of 20) by walking the "before" cursor once
          .exec(
              agentGet("(setup) walk back through the big conversation", "/conversations/" + bigConversation + "/messages")
                  .check(jsonPath("$.payload[0].id").saveAs("olderId")))
          .repeat(49)
          .on(
              exec(
                  agentGet("(setup) walk back through the big conversation",
                          "/conversations/" + bigConversation + "/messages?before=#{olderId}")
                      .check(jsonPath("$.payload[0].id").saveAs("olderId"))))
          .during(Duration.ofSeconds(SECONDS))
          .on(
              exec(http("baseline: GET /actuator/health").get("/actuator/health")),
              exec(agentGet("list open conversations, page 1", "/conversations?status=open&page=1")),
              exec(agentGet("list open conversations, page 100", "/conversations?status=open&page=100")
                  .check(jsonPath("$.data.payload[0].id").exists())),
              exec(agentGet("list open conversations, page 200", "/conversations?status=open&page=200")
                  .check(jsonPath("$.data.payload[0].id").exists())),
              exec(agentGet("newest messages, 2,000-message conversation", "/conversations/" + bigConversation + "/messages")),
              exec(agentGet("newest messages, 20-message conversation", "/conversations/" + smallConversation + "/messages")),
              exec(agentGet("messages 1,000 back, 2,000-message conversation",
                  "/conversations/" + bigConversation + "/messages?before=#{olderId}")));

  {
    setUp(
            seed.injectOpen(atOnceUsers(SEED_USERS))
                .andThen(readers.injectOpen(atOnceUsers(READERS))))
        .protocols(protocol)
        .maxDuration(Duration.ofSeconds(150))
        .assertions(global().failedRequests().count().is(0L));
  }
}
