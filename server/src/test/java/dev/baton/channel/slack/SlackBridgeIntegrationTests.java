package dev.baton.channel.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Seed 000 against the fake Slack (issue 13): a handoff posts a request with Accept and Decline; Accept creates the
 * conversation's channel, invites the agent, posts the context and relays both ways; the chat's end archives it;
 * Decline and the deadline send the visitor down the no-agent path; races have one winner.
 */
class SlackBridgeIntegrationTests extends IntegrationTest {

    static final FakeSlack SLACK = new FakeSlack("bridge-signing-secret-0123456789");
    static final Duration WAIT = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry registry) {
        registry.add("baton.slack.api-url", SLACK::apiUrl);
        registry.add("baton.slack.signing-secret", () -> SLACK.signingSecret);
        registry.add("baton.slack.encryption-key", () -> "test-key-for-slack-tokens");
        registry.add("baton.slack.retry-base", () -> "200ms");
    }

    @Autowired
    JdbcClient jdbc;

    /** A connected inbox with its request channel, an agent who is also a Slack user, and a visitor waiting. */
    final class Setup {
        final Fixtures.World world = fixtures.world();
        final String token = SLACK.token();
        final FakeSlack.Channel requests = SLACK.channel("live-chat-" + world.id(), false, false);
        final Fixtures.Person agent = world.agent("Anna Meier");
        final FakeSlack.User anna = SLACK.user("Anna", agent.email());
        final Fixtures.Visitor visitor = world.visitor("Vera Muster");
        long conversation;

        Setup() {
            String base = world.path("/inboxes/" + world.inbox.id() + "/slack");
            assertThat(world.admin.api().put(base, Map.of("bot_token", token)).status()).isEqualTo(200);
            assertThat(world.admin.api().put(base + "/channel", Map.of("channel_id", requests.id)).status()).isEqualTo(200);
        }

        /** The visitor asks for a person; returns the request message once it is in the request channel. */
        FakeSlack.Posted handoff(String said) {
            conversation = world.conversationFrom(visitor, said);
            Api.Response asked = visitor.api().post(visitor.path() + "/conversations/" + conversation + "/handoff", Map.of());
            assertThat(asked.status()).as(asked.toString()).isLessThan(300);
            await().atMost(WAIT).until(() -> !SLACK.messagesIn(requests.id).isEmpty());
            return SLACK.messagesIn(requests.id).getLast();
        }

        long handoffId() {
            return jdbc.sql("SELECT id FROM handoff WHERE conversation_id = ? ORDER BY id DESC LIMIT 1").param(conversation)
                    .query(Long.class).single();
        }

        String outcome() {
            return jdbc.sql("SELECT outcome FROM handoff WHERE conversation_id = ? ORDER BY id DESC LIMIT 1").param(conversation)
                    .query(String.class).optional().orElse(null);
        }

        String baton() {
            return "http://127.0.0.1:" + port;
        }

        /** Anna presses Accept on the request; returns the conversation's channel once it exists. */
        FakeSlack.Channel annaAccepts(FakeSlack.Posted request) {
            SLACK.click(baton(), anna.id(), requests.id, request.ts, "lc_accept", String.valueOf(handoffId()));
            return room();
        }

        FakeSlack.Channel room() {
            await().atMost(WAIT).until(() -> roomId() != null);
            return SLACK.channels.get(roomId());
        }

        String roomId() {
            return jdbc.sql("SELECT channel_id FROM slack_room WHERE conversation_id = ?").param(conversation).query(String.class)
                    .optional().orElse(null);
        }

        /** The inbox runs the demo story (English: the account's language); the visitor walks it to the handoff ("Talk to a person"). */
        FakeSlack.Posted storyToHandoff() {
            JsonNode story;
            try (var in = new org.springframework.core.io.ClassPathResource("demo/story.json").getInputStream()) {
                story = Api.JSON.readTree(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            Api admin = world.admin.api();
            long storyId = admin.post(world.path("/stories"), Map.of("name", "Story", "definition", story)).json().path("id").asLong();
            assertThat(admin.post(world.path("/stories/" + storyId + "/publish"), Map.of()).status()).isEqualTo(200);
            assertThat(admin.put(world.path("/inboxes/" + world.inbox.id() + "/automation"), Map.of("story_id", storyId)).status())
                    .isEqualTo(200);
            conversation = visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong();
            await().atMost(WAIT).until(() -> visitorSees().contains("What's your first name?"));
            say("Vera", "Which company are you with? (or write 'private')");
            say("Acme", "How can I help you, Vera?");
            int before = SLACK.messagesIn(requests.id).size();
            say("Talk to a person", "One moment, I'm connecting you with a colleague…");
            await().atMost(WAIT).until(() -> SLACK.messagesIn(requests.id).size() > before);
            return SLACK.messagesIn(requests.id).getLast();
        }

        /** The visitor writes, and waits for the bot's answer (the end of it). */
        void say(String text, String answerEnd) {
            int seen = visitorSees().size();
            visitor.api().post(visitor.path() + "/conversations/" + conversation + "/messages", Map.of("content", text));
            await().atMost(WAIT).until(() -> visitorSees().stream().skip(seen).anyMatch(m -> m.endsWith(answerEnd)));
        }

        List<String> visitorSees() {
            JsonNode messages = visitor.api().get(visitor.path() + "/conversations/" + conversation + "/messages").json();
            List<String> out = new ArrayList<>();
            JsonNode list = messages.isArray() ? messages : messages.path("payload");
            list.forEach(m -> out.add(m.path("content").asString("")));
            return out;
        }
    }

    @Test
    void acceptCreatesTheChannelInvitesTheAgentPostsTheContextRelaysBothWaysAndArchivesAtTheEnd() {
        Setup s = new Setup();
        FakeSlack.Posted request = s.handoff("My invoice 42 is wrong");
        assertThat(request.blocks).contains("lc_accept").contains("lc_decline").contains("Vera Muster")
                .contains("My invoice 42 is wrong");

        FakeSlack.Answer clicked = SLACK.click(s.baton(), s.anna.id(), s.requests.id, request.ts, "lc_accept", String.valueOf(s.handoffId()));
        assertThat(clicked.status()).as(clicked.body()).isEqualTo(200);

        FakeSlack.Channel room = s.room();
        assertThat(room.name).matches("chat-vera-muster-[a-z0-9]{6}");
        // The room is recorded when Slack created it; the invitation is the next call.
        await().atMost(WAIT).until(() -> room.members.contains(s.anna.id()));
        await().atMost(WAIT).until(() -> SLACK.messagesIn(room.id).size() >= 1 && request.updates.size() >= 1);
        assertThat(SLACK.messagesIn(room.id).getFirst().text).contains("Vera Muster").contains("My invoice 42 is wrong");
        assertThat(SLACK.messagesIn(room.id).getFirst().blocks).contains("lc_end");
        assertThat(request.text).isEqualTo("Accepted by <@" + s.anna.id() + "> → <#" + room.id + ">");
        assertThat(request.blocks).doesNotContain("lc_accept");
        assertThat(s.outcome()).isEqualTo("handled");
        assertThat(jdbc.sql("SELECT assignee_id FROM conversation WHERE id = ?").param(s.conversation).query(Long.class).single())
                .isEqualTo(s.agent.id());

        // Slack → visitor, as Anna's message; mentions made readable
        SLACK.message(s.baton(), "Ev1", room.id, s.anna.id(), "Hello <@" + s.anna.id() + ">, see <https://shop.example/faq|our FAQ> &amp; more",
                Map.of(), Map.of());
        await().atMost(WAIT).until(() -> s.visitorSees().contains("Hello @Anna, see our FAQ (https://shop.example/faq) & more"));

        // visitor → Slack, escaped so that no @channel reaches anyone
        s.visitor.api().post(s.visitor.path() + "/conversations/" + s.conversation + "/messages", Map.of("content", "<!channel> help & <b>"));
        await().atMost(WAIT).until(() -> SLACK.messagesIn(room.id).stream().anyMatch(m -> "&lt;!channel&gt; help &amp; &lt;b&gt;".equals(m.text)));

        // End chat in Slack: the conversation resolves and the channel is archived
        FakeSlack.Posted context = SLACK.messagesIn(room.id).getFirst();
        assertThat(SLACK.click(s.baton(), s.anna.id(), room.id, context.ts, "lc_end", String.valueOf(s.conversation)).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> room.archived);
        assertThat(jdbc.sql("SELECT status FROM conversation WHERE id = ?").param(s.conversation).query(String.class).single())
                .isEqualTo("resolved");
    }

    @Test
    void declineSendsTheVisitorDownTheNoAgentPathAndUpdatesTheRequest() {
        Setup s = new Setup();
        FakeSlack.Posted request = s.handoff("Anyone there?");
        SLACK.click(s.baton(), s.anna.id(), s.requests.id, request.ts, "lc_decline", String.valueOf(s.handoffId()));

        assertThat(s.outcome()).isEqualTo("no_agent");
        await().atMost(WAIT).until(() -> !request.updates.isEmpty());
        assertThat(request.text).startsWith("Declined by <@" + s.anna.id() + ">");
        assertThat(request.blocks).doesNotContain("lc_accept");
    }

    @Test
    void theHandoffDeadlineSendsTheVisitorDownTheNoAgentPathAndUpdatesTheRequest() {
        Setup s = new Setup();
        FakeSlack.Posted request = s.handoff("Hello?");
        jdbc.sql("UPDATE handoff SET deadline_at = ? WHERE id = ?")
                .params(Instant.now().minusSeconds(1).atOffset(java.time.ZoneOffset.UTC), s.handoffId()).update();

        await().atMost(WAIT).until(() -> "no_agent".equals(s.outcome()));
        await().atMost(WAIT).until(() -> !request.updates.isEmpty());
        assertThat(request.text).startsWith("Nobody accepted in time");
        FakeSlack.Answer late = SLACK.click(s.baton(), s.anna.id(), s.requests.id, request.ts, "lc_accept", String.valueOf(s.handoffId()));
        assertThat(late.status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> SLACK.ephemerals.stream().anyMatch(e -> e.get("user").equals(s.anna.id())
                && e.get("text").startsWith("Already taken")));
    }

    @Test
    void twoSlackAcceptsAtOnceHaveOneWinnerAndTheLoserIsToldItIsTaken() throws Exception {
        Setup s = new Setup();
        Fixtures.Person ben = s.world.agent("Ben");
        FakeSlack.User benInSlack = SLACK.user("Ben", ben.email());
        FakeSlack.Posted request = s.handoff("Race");
        long handoff = s.handoffId();

        List<String> users = List.of(s.anna.id(), benInSlack.id());
        CyclicBarrier start = new CyclicBarrier(users.size());
        try (ExecutorService pool = Executors.newFixedThreadPool(users.size())) {
            List<Future<FakeSlack.Answer>> answers = new ArrayList<>();
            for (String u : users) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return SLACK.click(s.baton(), u, s.requests.id, request.ts, "lc_accept", String.valueOf(handoff));
                }));
            }
            for (Future<FakeSlack.Answer> a : answers) {
                assertThat(a.get().status()).isEqualTo(200);
            }
        }
        FakeSlack.Channel room = s.room();
        await().atMost(WAIT).until(() -> SLACK.ephemerals.stream().anyMatch(e -> users.contains(e.get("user"))
                && e.get("text").startsWith("Already taken")));
        long assignee = jdbc.sql("SELECT assignee_id FROM conversation WHERE id = ?").param(s.conversation).query(Long.class).single();
        String winner = assignee == s.agent.id() ? s.anna.id() : benInSlack.id();
        String loser = winner.equals(s.anna.id()) ? benInSlack.id() : s.anna.id();
        assertThat(room.members).contains(winner).doesNotContain(loser);
        assertThat(SLACK.ephemerals.stream().filter(e -> e.get("text").startsWith("Already taken") && users.contains(e.get("user")))
                .map(e -> e.get("user"))).containsExactly(loser);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM slack_room WHERE conversation_id = ?").param(s.conversation).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aWebAgentAndASlackUserRaceAndExactlyOneWins() throws Exception {
        Setup s = new Setup();
        Fixtures.Person web = s.world.agent("Wes");
        assertThat(s.world.admin.api().patch(s.world.path("/agents/" + web.id()), Map.of("licensed", true)).status()).isEqualTo(200);
        assertThat(web.api().put("/api/v1/profile/availability", Map.of("availability", "available")).status()).isEqualTo(200);
        FakeSlack.Posted request = s.handoff("Race web against Slack");
        long handoff = s.handoffId();
        await().atMost(WAIT).until(() -> web.api().get(s.world.path("/offers")).json().path("payload").size() == 1);
        long offer = web.api().get(s.world.path("/offers")).json().path("payload").get(0).path("id").asLong();

        CyclicBarrier start = new CyclicBarrier(2);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<Api.Response> webAccept = pool.submit(() -> {
                start.await();
                return web.api().post(s.world.path("/offers/" + offer + "/accept"), Map.of());
            });
            Future<FakeSlack.Answer> slackAccept = pool.submit((Callable<FakeSlack.Answer>) () -> {
                start.await();
                return SLACK.click(s.baton(), s.anna.id(), s.requests.id, request.ts, "lc_accept", String.valueOf(handoff));
            });
            assertThat(slackAccept.get().status()).isEqualTo(200);
            int webStatus = webAccept.get().status();
            long assignee = jdbc.sql("SELECT assignee_id FROM conversation WHERE id = ?").param(s.conversation).query(Long.class).single();
            if (assignee == web.id()) {
                assertThat(webStatus).isLessThan(300);
                await().atMost(WAIT).until(() -> SLACK.ephemerals.stream().anyMatch(e -> e.get("user").equals(s.anna.id())
                        && e.get("text").startsWith("Already taken")));
                await().atMost(WAIT).until(() -> !request.updates.isEmpty());
                assertThat(request.text).startsWith("Taken by Wes in Baton");
                assertThat(s.roomId()).isNull();
            } else {
                assertThat(assignee).isEqualTo(s.agent.id());
                assertThat(webStatus).isEqualTo(409);
                assertThat(s.room().members).contains(s.anna.id());
            }
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM handoff WHERE conversation_id = ? AND outcome = 'handled'").param(s.conversation)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void retriedEventsBotEchoesEditsAndJoinsReachTheVisitorOnceOrNotAtAll() {
        Setup s = new Setup();
        FakeSlack.Posted request = s.handoff("Hi");
        FakeSlack.Channel room = s.annaAccepts(request);

        String ts = SLACK.nextTs();
        for (int retry = 0; retry < 3; retry++) {
            Map<String, String> headers = retry == 0 ? Map.of() : Map.of("X-Slack-Retry-Num", String.valueOf(retry),
                    "X-Slack-Retry-Reason", "http_timeout");
            assertThat(SLACK.message(s.baton(), "EvDup" + s.world.id(), room.id, s.anna.id(), "Only once", Map.of("ts", ts), headers)
                    .status()).isEqualTo(200);
        }
        // the same message under another event id (Socket Mode redelivery) is still one message
        SLACK.message(s.baton(), "EvDupB" + s.world.id(), room.id, s.anna.id(), "Only once", Map.of("ts", ts), Map.of());
        SLACK.message(s.baton(), "EvBot" + s.world.id(), room.id, SLACK.botUserId, "echo of our own post", Map.of("bot_id", SLACK.botId), Map.of());
        SLACK.message(s.baton(), "EvEdit" + s.world.id(), room.id, s.anna.id(), "edited", Map.of("subtype", "message_changed"), Map.of());
        SLACK.message(s.baton(), "EvJoin" + s.world.id(), room.id, s.anna.id(), "has joined", Map.of("subtype", "channel_join"), Map.of());
        SLACK.message(s.baton(), "EvNote" + s.world.id(), room.id, s.anna.id(), "note: check the invoice first", Map.of(), Map.of());
        SLACK.message(s.baton(), "EvLast" + s.world.id(), room.id, s.anna.id(), "Last one", Map.of(), Map.of());

        await().atMost(WAIT).until(() -> s.visitorSees().contains("Last one"));
        List<String> seen = s.visitorSees();
        assertThat(seen.stream().filter("Only once"::equals)).hasSize(1);
        assertThat(seen).doesNotContain("echo of our own post", "edited", "has joined", "check the invoice first");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM message WHERE conversation_id = ? AND private = TRUE AND content = ?")
                .params(s.conversation, "check the invoice first").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void rateLimitedSendsWaitForRetryAfterAndArriveInOrder() {
        Setup s = new Setup();
        FakeSlack.Posted request = s.handoff("Hi");
        FakeSlack.Channel room = s.annaAccepts(request);
        await().atMost(WAIT).until(() -> !request.updates.isEmpty());

        SLACK.fail("chat.postMessage", FakeSlack.Fault.rateLimited(1), FakeSlack.Fault.serverError());
        for (int i = 1; i <= 5; i++) {
            s.visitor.api().post(s.visitor.path() + "/conversations/" + s.conversation + "/messages", Map.of("content", "m" + i));
        }
        await().atMost(WAIT).until(() -> SLACK.messagesIn(room.id).stream().anyMatch(m -> "m5".equals(m.text)));
        List<String> relayed = SLACK.messagesIn(room.id).stream().map(m -> m.text).filter(t -> t.matches("m\\d")).toList();
        assertThat(relayed).containsExactly("m1", "m2", "m3", "m4", "m5");
        List<FakeSlack.Call> posts = SLACK.calls("chat.postMessage").stream().filter(c -> room.id.equals(c.params().get("channel"))
                && "m1".equals(c.params().get("text"))).toList();
        assertThat(posts).hasSizeGreaterThanOrEqualTo(2);
        assertThat(Duration.between(posts.get(0).at(), posts.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void anUninstalledAppDisablesTheConnectionAndNewHandoffsStayInBaton() {
        Setup s = new Setup();
        FakeSlack.Answer answer = SLACK.event(s.baton(), Map.of("type", "event_callback", "team_id", SLACK.teamId,
                "event_id", "EvUninstall" + s.world.id(), "event", Map.of("type", "app_uninstalled")), Map.of());
        assertThat(answer.status()).isEqualTo(200);

        JsonNode shown = s.world.admin.api().get(s.world.path("/inboxes/" + s.world.inbox.id() + "/slack")).json().path("payload");
        assertThat(shown.path("status").asString()).isEqualTo("disabled");
        assertThat(shown.path("disabled_reason").asString()).isEqualTo("app_uninstalled");

        int before = SLACK.messagesIn(s.requests.id).size();
        long conversation = s.world.conversationFrom(s.visitor, "After uninstall");
        assertThat(s.visitor.api().post(s.visitor.path() + "/conversations/" + conversation + "/handoff", Map.of()).status()).isLessThan(300);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM slack_request WHERE conversation_id = ?").param(conversation).query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("SELECT state FROM handoff WHERE conversation_id = ?").param(conversation).query(String.class).single())
                .isNotEqualTo("done");
        assertThat(SLACK.messagesIn(s.requests.id)).hasSize(before);
    }

    @Test
    void aTakenChannelNameIsRetriedWithAnotherSuffix() {
        Setup s = new Setup();
        FakeSlack.Posted request = s.handoff("Name clash");
        SLACK.fail("conversations.create", FakeSlack.Fault.slackError("name_taken"));
        SLACK.click(s.baton(), s.anna.id(), s.requests.id, request.ts, "lc_accept", String.valueOf(s.handoffId()));

        FakeSlack.Channel room = s.room();
        List<FakeSlack.Call> creates = SLACK.calls("conversations.create").stream()
                .filter(c -> c.params().get("name").startsWith("chat-vera-muster-")).toList();
        assertThat(creates).hasSizeGreaterThanOrEqualTo(2);
        assertThat(creates.getLast().params().get("name")).isEqualTo(room.name).isNotEqualTo(creates.getFirst().params().get("name"));
    }

    @Test
    void restrictedActionIsShownToAdministratorsAsTheWorkspaceSettingToChange() {
        Setup s = new Setup();
        FakeSlack.Posted request = s.handoff("Restricted");
        SLACK.fail("conversations.create", FakeSlack.Fault.slackError("restricted_action"));
        SLACK.click(s.baton(), s.anna.id(), s.requests.id, request.ts, "lc_accept", String.valueOf(s.handoffId()));

        String base = s.world.path("/inboxes/" + s.world.inbox.id() + "/slack");
        await().atMost(WAIT).until(() -> "restricted_action".equals(s.world.admin.api().get(base).json().path("payload")
                .path("last_error").asString(null)));
        assertThat(s.world.admin.api().get(base).json().path("payload").path("last_error_message").asString())
                .contains("create public channels").contains("archive channels");
    }

    @Test
    void slashBatonEndEndsTheChatAndAChannelArchivedByHandEndsItToo() {
        Setup s = new Setup();
        FakeSlack.Posted request = s.handoff("End me");
        FakeSlack.Channel room = s.annaAccepts(request);

        FakeSlack.Answer ended = SLACK.command(s.baton(), room.id, s.anna.id(), "end");
        assertThat(ended.status()).isEqualTo(200);
        assertThat(ended.json().path("text").asString()).isEqualTo("The chat has ended.");
        await().atMost(WAIT).until(() -> room.archived);
        assertThat(jdbc.sql("SELECT status FROM conversation WHERE id = ?").param(s.conversation).query(String.class).single())
                .isEqualTo("resolved");

        Setup t = new Setup();
        FakeSlack.Posted second = t.handoff("Archive me by hand");
        SLACK.click(t.baton(), t.anna.id(), t.requests.id, second.ts, "lc_accept", String.valueOf(t.handoffId()));
        FakeSlack.Channel byHand = t.room();
        byHand.archived = true;
        SLACK.event(t.baton(), Map.of("type", "event_callback", "team_id", SLACK.teamId, "event_id", "EvArch" + t.world.id(),
                "event", Map.of("type", "channel_archive", "channel", byHand.id, "user", t.anna.id())), Map.of());
        await().atMost(WAIT).until(() -> "resolved".equals(jdbc.sql("SELECT status FROM conversation WHERE id = ?")
                .param(t.conversation).query(String.class).single()));
    }

    @Test
    void whatWasSaidInSlackBeforeEndChatReachesTheVisitorBeforeTheChatEnds() {
        Setup s = new Setup();
        FakeSlack.Channel room = s.annaAccepts(s.handoff("Send me the form, please"));
        await().atMost(WAIT).until(() -> !SLACK.messagesIn(room.id).isEmpty());
        FakeSlack.Posted context = SLACK.messagesIn(room.id).getFirst();
        SLACK.hold("file.download"); // the file's download is under way when Anna presses End chat
        SLACK.message(s.baton(), "EvEnd1" + s.world.id(), room.id, s.anna.id(), "Here is the form",
                Map.of("subtype", "file_share", "files", List.of(SLACK.share("form.png", "image/png", png(5000)))), Map.of());
        SLACK.message(s.baton(), "EvEnd2" + s.world.id(), room.id, s.anna.id(), "Goodbye and thanks", Map.of(), Map.of());
        await().atMost(WAIT).until(SLACK::holding);

        assertThat(SLACK.click(s.baton(), s.anna.id(), room.id, context.ts, "lc_end", String.valueOf(s.conversation)).status())
                .isEqualTo(200);

        // the end waits behind the two messages, in the same order as Slack sent them
        assertThat(jdbc.sql("SELECT op FROM slack_call WHERE order_key = ? AND status = 'pending' ORDER BY id")
                .param("slack_in:" + s.conversation).query(String.class).list()).containsExactly("relay_in", "relay_in", "status");
        assertThat(jdbc.sql("SELECT status FROM conversation WHERE id = ?").param(s.conversation).query(String.class).single())
                .isEqualTo("open");
        SLACK.release();

        await().atMost(WAIT).until(() -> room.archived);
        assertThat(jdbc.sql("SELECT status FROM conversation WHERE id = ?").param(s.conversation).query(String.class).single())
                .isEqualTo("resolved");
        List<String> seen = new ArrayList<>();
        visitorMessages(s).forEach(m -> seen.add(m.path("content").asString("") + "|" + m.path("attachments").size()));
        assertThat(seen).containsSubsequence("Here is the form|1", "Goodbye and thanks|0");
        long lastRelayed = jdbc.sql("SELECT MAX(id) FROM message WHERE conversation_id = ? AND content IN ('Here is the form', 'Goodbye and thanks')")
                .param(s.conversation).query(Long.class).single();
        long resolvedAt = jdbc.sql("SELECT MIN(id) FROM message WHERE conversation_id = ? AND message_type = 'activity' AND content LIKE '%resolved%'")
                .param(s.conversation).query(Long.class).single();
        assertThat(lastRelayed).as("relayed before the chat ended").isLessThan(resolvedAt);
    }

    @Test
    void aSlackUserWithoutABatonAccountIsShownByTheirSlackNameToTheVisitorAndInTheWorkspace() {
        Setup s = new Setup();
        FakeSlack.Posted request = s.handoff("Who is there?");
        FakeSlack.Channel room = s.annaAccepts(request);
        FakeSlack.User carl = SLACK.user("Carl from Billing", "carl-" + s.world.id() + "@elsewhere.example");
        room.members.add(carl.id());

        SLACK.message(s.baton(), "EvCarl" + s.world.id(), room.id, carl.id(), "Your refund is on its way", Map.of(), Map.of());

        await().atMost(WAIT).until(() -> s.visitorSees().contains("Carl from Billing: Your refund is on its way"));
        JsonNode inWorkspace = s.agent.api().get(s.world.path("/conversations/" + s.conversation + "/messages")).json();
        JsonNode list = inWorkspace.isArray() ? inWorkspace : inWorkspace.path("payload");
        assertThat(list.valueStream().filter(m -> "Carl from Billing: Your refund is on its way".equals(m.path("content").asString())))
                .singleElement().satisfies(m -> assertThat(m.path("sender").path("id").asLong()).isEqualTo(s.agent.id()));
        assertThat(SLACK.calls("users.info").stream().anyMatch(c -> carl.id().equals(c.params().get("user")))).isTrue();
    }

    static final String SURVEY = "Thanks for chatting with us! How satisfied were you, from 1 (not at all) to 5 (very)?";

    @Test
    void backToTheBotInTheChannelHandsTheConversationBackArchivesTheChannelAndTheStoryGoesOnWithTheSurvey() {
        Setup s = new Setup();
        FakeSlack.Posted request = s.storyToHandoff();
        FakeSlack.Channel room = s.annaAccepts(request);
        await().atMost(WAIT).until(() -> !SLACK.messagesIn(room.id).isEmpty());
        FakeSlack.Posted context = SLACK.messagesIn(room.id).getFirst();
        assertThat(context.blocks).contains("lc_bot").contains("Back to the bot");

        FakeSlack.Answer clicked = SLACK.click(s.baton(), s.anna.id(), room.id, context.ts, "lc_bot", String.valueOf(s.conversation));

        assertThat(clicked.status()).as(clicked.body()).isEqualTo(200);
        await().atMost(WAIT).until(() -> room.archived);
        assertThat(SLACK.messagesIn(room.id).getLast().text).isEqualTo("The chat went back to the bot. This channel is archived.");
        assertThat(jdbc.sql("SELECT owner FROM conversation WHERE id = ?").param(s.conversation).query(String.class).single())
                .isEqualTo("bot");
        await().atMost(WAIT).until(() -> s.visitorSees().contains(SURVEY));
        s.say("4", "Goodbye!");
        // the same transition as the web workspace's hand-back, by the agent who accepted in Slack
        assertThat(jdbc.sql("SELECT COUNT(*) FROM message WHERE conversation_id = ? AND content = ?")
                .params(s.conversation, "Conversation handed back to the bot by Anna Meier").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void slashBatonBotHandsTheConversationBackToTheBot() {
        Setup s = new Setup();
        FakeSlack.Posted request = s.storyToHandoff();
        FakeSlack.Channel room = s.annaAccepts(request);

        FakeSlack.Answer answered = SLACK.command(s.baton(), room.id, s.anna.id(), "bot");

        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.json().path("text").asString()).isEqualTo("The chat went back to the bot.");
        await().atMost(WAIT).until(() -> room.archived);
        await().atMost(WAIT).until(() -> s.visitorSees().contains(SURVEY));
    }

    @Test
    void aCallLeftByANodeThatDiedIsSentByAnotherOnceItsLeaseRunsOut() {
        Setup s = new Setup();
        FakeSlack.Posted request = s.handoff("Node dies");
        FakeSlack.Channel room = s.annaAccepts(request);
        long connection = jdbc.sql("SELECT connection_id FROM slack_room WHERE conversation_id = ?").param(s.conversation)
                .query(Long.class).single();
        // A node took this relay (claim and lease written) and died before calling Slack.
        jdbc.sql("""
                INSERT INTO slack_call (connection_id, order_key, op, payload, status, attempts, next_attempt_at, claim, created_at)
                VALUES (?, ?, 'post_message', ?, 'pending', 0, ?, 'dead-node', ?)""")
                .params(connection, "conversation:" + s.conversation,
                        "{\"conversation_id\":" + s.conversation + ",\"text\":\"taken by a dead node\"}",
                        Instant.now().plusSeconds(2).atOffset(java.time.ZoneOffset.UTC), Instant.now().atOffset(java.time.ZoneOffset.UTC))
                .update();
        s.visitor.api().post(s.visitor.path() + "/conversations/" + s.conversation + "/messages", Map.of("content", "after it"));

        await().atMost(WAIT).until(() -> SLACK.messagesIn(room.id).stream().anyMatch(m -> "after it".equals(m.text)));
        List<String> texts = SLACK.messagesIn(room.id).stream().map(m -> m.text).toList();
        assertThat(texts).containsSubsequence("taken by a dead node", "after it");
    }

    static byte[] png(int size) {
        byte[] bytes = new byte[size];
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        for (int i = magic.length; i < size; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }

    static byte[] fetch(String url) {
        try {
            var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The visitor's messages as the widget gets them. */
    static JsonNode visitorMessages(Setup s) {
        JsonNode messages = s.visitor.api().get(s.visitor.path() + "/conversations/" + s.conversation + "/messages").json();
        return messages.isArray() ? messages : messages.path("payload");
    }

    @Test
    void aSlowFileIsAnsweredAtOnceAndReachesTheVisitorBeforeTheTextSentAfterIt() {
        Setup s = new Setup();
        FakeSlack.Channel room = s.annaAccepts(s.handoff("Please send me the form"));
        byte[] form = png(6000);
        SLACK.hold("file.download"); // Slack's file host takes its time
        long started = System.nanoTime();
        FakeSlack.Answer withFile = SLACK.message(s.baton(), "EvSlow1", room.id, s.anna.id(), "Here it is",
                Map.of("subtype", "file_share", "files", List.of(SLACK.share("form.png", "image/png", form))), Map.of());
        Duration answered = Duration.ofNanos(System.nanoTime() - started);
        assertThat(withFile.status()).isEqualTo(200);
        assertThat(answered).as("Slack waits 3 s for its answer").isLessThan(Duration.ofSeconds(1));
        assertThat(SLACK.message(s.baton(), "EvSlow2", room.id, s.anna.id(), "Did it arrive?", Map.of(), Map.of()).status())
                .isEqualTo(200);
        await().atMost(WAIT).until(SLACK::holding);

        // the download is under way: the text after it waits in the outbox, and the visitor has neither yet
        assertThat(jdbc.sql("SELECT COUNT(*) FROM slack_call WHERE order_key = ? AND op = 'relay_in' AND status = 'pending'")
                .param("slack_in:" + s.conversation).query(Integer.class).single()).isEqualTo(2);
        assertThat(s.visitorSees()).doesNotContain("Here it is", "Did it arrive?");
        SLACK.release();

        await().atMost(WAIT).until(() -> s.visitorSees().contains("Did it arrive?"));
        List<String> relayed = new ArrayList<>();
        visitorMessages(s).forEach(m -> relayed.add(m.path("content").asString("") + "|" + m.path("attachments").size()));
        assertThat(relayed).containsSubsequence("Here it is|1", "Did it arrive?|0");
        assertThat(relayed.stream().filter(m -> m.startsWith("Here it is"))).hasSize(1);
    }

    @Test
    void anImageSharedInTheChannelReachesTheVisitorAsAnImageOnceHoweverOftenSlackSendsIt() {
        Setup s = new Setup();
        FakeSlack.Channel room = s.annaAccepts(s.handoff("My screen looks odd"));
        byte[] shot = png(4000);
        Map<String, Object> first = SLACK.messageEvent("EvFile1", room.id, s.anna.id(), "Like this?",
                Map.of("subtype", "file_share", "files", List.of(SLACK.share("shot.png", "image/png", shot))));
        assertThat(SLACK.event(s.baton(), first, Map.of()).status()).isEqualTo(200);
        assertThat(SLACK.event(s.baton(), first, Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"))
                .status()).isEqualTo(200);
        Map<String, Object> again = new java.util.HashMap<>(first);
        again.put("event_id", "EvFile1-other");
        assertThat(SLACK.event(s.baton(), again, Map.of()).status()).isEqualTo(200);
        // a barrier: a later message has arrived, so the copies above were handled before it
        SLACK.message(s.baton(), "EvFile1-after", room.id, s.anna.id(), "barrier", Map.of(), Map.of());
        await().atMost(WAIT).until(() -> s.visitorSees().contains("barrier"));

        List<JsonNode> withImages = new ArrayList<>();
        visitorMessages(s).forEach(m -> {
            if (!m.path("attachments").isEmpty()) {
                withImages.add(m);
            }
        });
        assertThat(withImages).hasSize(1);
        JsonNode image = withImages.getFirst().path("attachments").get(0);
        assertThat(withImages.getFirst().path("content").asString()).isEqualTo("Like this?");
        assertThat(image.path("file_type").asString()).isEqualTo("image");
        assertThat(image.path("content_type").asString()).isEqualTo("image/png");
        assertThat(image.path("file_size").asLong()).isEqualTo(shot.length);
        assertThat(fetch(s.baton() + image.path("data_url").asString().replaceFirst("^https?://[^/]+", ""))).isEqualTo(shot);
        assertThat(SLACK.calls("file.download")).hasSize(1);
    }

    @Test
    void aFileOfARefusedTypeOrTooLargeReachesTheVisitorAsAShortTextNamingIt() {
        Setup s = new Setup();
        FakeSlack.Channel room = s.annaAccepts(s.handoff("Send me the invoice"));
        byte[] pdf = "%PDF-1.4 an invoice".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        SLACK.message(s.baton(), "EvPdf", room.id, s.anna.id(), "", Map.of("subtype", "file_share",
                "files", List.of(SLACK.share("invoice-42.pdf", "application/pdf", pdf))), Map.of());
        SLACK.message(s.baton(), "EvFake", room.id, s.anna.id(), "", Map.of("subtype", "file_share",
                "files", List.of(SLACK.share("not-really.png", "image/png", "<html>".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))),
                Map.of());
        SLACK.message(s.baton(), "EvBig", room.id, s.anna.id(), "the big one", Map.of("files",
                List.of(SLACK.share("huge.png", "image/png", png(5 * 1024 * 1024 + 1)))), Map.of());

        await().atMost(WAIT).until(() -> s.visitorSees().stream().anyMatch(m -> m.contains("huge.png")));
        List<String> seen = s.visitorSees();
        assertThat(seen).anyMatch(m -> m.contains("invoice-42.pdf") && m.contains("only images"));
        assertThat(seen).anyMatch(m -> m.contains("not-really.png"));
        assertThat(seen).anyMatch(m -> m.startsWith("the big one") && m.contains("huge.png"));
        visitorMessages(s).forEach(m -> assertThat(m.path("attachments").isEmpty()).as(m.toString()).isTrue());
    }

    @Test
    void aVisitorsImageIsUploadedToTheChannelInOrderWithTheTextsThroughARateLimit() {
        Setup s = new Setup();
        FakeSlack.Channel room = s.annaAccepts(s.handoff("Look at this"));
        await().atMost(WAIT).until(() -> !SLACK.messagesIn(room.id).isEmpty());
        SLACK.fail("upload", FakeSlack.Fault.rateLimited(1));
        String path = s.visitor.path() + "/conversations/" + s.conversation + "/messages";
        byte[] photo = png(3000);

        s.visitor.api().post(path, Map.of("content", "before"));
        Api.Response sent = new dev.baton.testing.Multipart().field("content", "my photo")
                .file("attachments[]", "photo.png", "image/png", photo).post(s.visitor.api(), path);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        s.visitor.api().post(path, Map.of("content", "after"));

        await().atMost(WAIT).until(() -> SLACK.messagesIn(room.id).stream().anyMatch(m -> "after".equals(m.text)));
        List<String> order = SLACK.messagesIn(room.id).stream().skip(1).map(m -> m.text).toList();
        assertThat(order).hasSize(4);
        assertThat(order.subList(0, 2)).containsExactly("before", "my photo");
        assertThat(order.get(2)).startsWith("file:");
        assertThat(order.get(3)).isEqualTo("after");
        FakeSlack.SlackFile file = SLACK.filesIn(room.id).getFirst();
        assertThat(file.bytes).isEqualTo(photo);
        assertThat(file.name).endsWith(".png");
        List<FakeSlack.Call> uploads = SLACK.calls("upload");
        assertThat(uploads).hasSize(2); // the 429, then the upload again after its Retry-After
        assertThat(Duration.between(uploads.get(0).at(), uploads.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void aHandoffToATeamWithItsOwnConnectionPostsInTheTeamsChannelAndToATeamWithoutOneInTheInboxs() {
        Setup s = new Setup();
        Api admin = s.world.admin.api();
        long teamA = admin.post(s.world.path("/teams"), Map.of("name", "Billing")).json().path("id").asLong();
        long teamB = admin.post(s.world.path("/teams"), Map.of("name", "Sales")).json().path("id").asLong();
        for (long team : List.of(teamA, teamB)) {
            admin.post(s.world.path("/teams/" + team + "/team_members"), Map.of("user_ids", List.of(s.agent.id())));
        }
        FakeSlack.Channel billing = SLACK.channel("billing-" + s.world.id(), false, false);
        String teamSlack = s.world.path("/teams/" + teamA + "/slack");
        Api.Response connected = admin.put(teamSlack, Map.of("bot_token", SLACK.token()));
        assertThat(connected.status()).as(connected.toString()).isEqualTo(200);
        assertThat(connected.json().path("payload").path("baton_team_id").asLong()).isEqualTo(teamA);
        assertThat(connected.json().path("payload").path("install_available").asBoolean()).isFalse();
        assertThat(admin.put(teamSlack + "/channel", Map.of("channel_id", billing.id)).status()).isEqualTo(200);
        assertThat(admin.get(s.world.path("/teams/" + teamB + "/slack")).json().path("payload").path("connected").asBoolean())
                .isFalse();
        assertThat(admin.post(s.world.path("/teams/" + teamB + "/slack/install"), Map.of()).code())
                .isEqualTo("slack_install_unavailable"); // this server has no OAuth client: SlackInstallIntegrationTests has one

        long toA = s.world.conversationFrom(s.world.visitor("Carla"), "My invoice is wrong");
        assertThat(admin.post(s.world.path("/conversations/" + toA + "/handoff"), Map.of("team_id", teamA)).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> !SLACK.messagesIn(billing.id).isEmpty());
        assertThat(SLACK.messagesIn(billing.id).getFirst().blocks).contains("Carla").contains("My invoice is wrong");

        long toB = s.world.conversationFrom(s.world.visitor("Dora"), "What does it cost?");
        assertThat(admin.post(s.world.path("/conversations/" + toB + "/handoff"), Map.of("team_id", teamB)).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> !SLACK.messagesIn(s.requests.id).isEmpty());
        assertThat(SLACK.messagesIn(s.requests.id).getFirst().blocks).contains("Dora");
        assertThat(SLACK.messagesIn(billing.id)).hasSize(1);
        assertThat(SLACK.messagesIn(s.requests.id)).hasSize(1);

        assertThat(admin.delete(teamSlack).status()).isEqualTo(204);
        assertThat(admin.get(teamSlack).json().path("payload").path("connected").asBoolean()).isFalse();
    }
}
