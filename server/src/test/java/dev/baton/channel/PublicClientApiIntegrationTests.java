package dev.baton.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.SocketClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Chatwoot's public Client API ({@code /public/api/v1/inboxes/{inbox_identifier}/...}) as a widget or an
 * API-channel client uses it, on both inbox types: the visitor's contact, conversations, messages, status,
 * typing and read marks, what one visitor may not reach, idempotent retries, and bad input.
 */
class PublicClientApiIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    // ---- both inbox types

    @ParameterizedTest
    @ValueSource(strings = {"web_widget", "api"})
    void visitorCreatesShowsAndUpdatesTheirContact(String channel) {
        Fixtures.World world = fixtures.world();
        String inbox = inboxIdentifier(world, channel);

        Api.Response inboxShown = anonymous.get("/public/api/v1/inboxes/" + inbox);
        assertThat(inboxShown.status()).isEqualTo(200);
        assertThat(inboxShown.json().path("identifier").asString()).isEqualTo(inbox);
        assertThat(inboxShown.json().path("channel_type").asString()).isEqualTo(channelName(channel));

        Api.Response created = anonymous.post(contacts(inbox), Map.of("name", "Vera", "email", "vera@visitor.example"));
        assertThat(created.status()).isEqualTo(200);
        JsonNode contact = created.json();
        String sourceId = contact.path("source_id").asString();
        assertThat(sourceId).isNotBlank();
        assertThat(contact.path("pubsub_token").asString()).isNotBlank();
        assertThat(contact.path("name").asString()).isEqualTo("Vera");
        assertThat(contact.path("hmac_verified").asBoolean()).isFalse();

        Api.Response shown = anonymous.get(contacts(inbox) + "/" + sourceId);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().path("id").asLong()).isEqualTo(contact.path("id").asLong());
        assertThat(shown.json().path("email").asString()).isEqualTo("vera@visitor.example");

        Api.Response updated = anonymous.patch(contacts(inbox) + "/" + sourceId,
                Map.of("name", "Vera Rossi", "phone_number", "+41 44 123 45 67"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("name").asString()).isEqualTo("Vera Rossi");
        assertThat(updated.json().path("source_id").asString()).isEqualTo(sourceId);
        assertThat(anonymous.get(contacts(inbox) + "/" + sourceId).json().path("phone_number").asString())
                .isEqualTo("+41 44 123 45 67");
        JsonNode asAgentSees = world.admin.api().get(world.path("/contacts/" + contact.path("id").asLong())).json();
        assertThat(asAgentSees.toString()).contains("Vera Rossi");
    }

    @ParameterizedTest
    @ValueSource(strings = {"web_widget", "api"})
    void visitorOpensListsAndShowsConversationsAndTheirMessagesInSeqOrder(String channel) {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = fixtures.visitor(inboxIdentifier(world, channel), "Nora");

        Api.Response opened = visitor.api().post(visitor.path() + "/conversations",
                Map.of("custom_attributes", Map.of("plan", "gold")));
        assertThat(opened.status()).isEqualTo(200);
        long id = opened.json().path("id").asLong();
        assertThat(opened.json().path("status").asString()).isEqualTo("open");
        assertThat(opened.json().path("owner").asString()).isEqualTo("queue");
        long second = visitor.api().post(visitor.path() + "/conversations", null).json().path("id").asLong();

        List<Long> listed = visitor.api().get(visitor.path() + "/conversations").json().valueStream()
                .map(c -> c.path("id").asLong()).toList();
        assertThat(listed).containsExactlyInAnyOrder(id, second);

        Api.Response first = post(visitor, id, Map.of("content", "Hello"));
        Api.Response then = post(visitor, id, Map.of("content", "Anyone there?"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("message_type").asInt()).isZero();
        assertThat(first.json().path("conversation_id").asLong()).isEqualTo(id);
        assertThat(then.json().path("seq").asLong()).isGreaterThan(first.json().path("seq").asLong());

        List<JsonNode> messages = messages(visitor, id);
        assertThat(messages).extracting(m -> m.path("content").asString()).containsExactly("Hello", "Anyone there?");
        assertThat(messages).extracting(m -> m.path("seq").asLong()).isSorted().doesNotHaveDuplicates();

        Api.Response shown = visitor.api().get(visitor.path() + "/conversations/" + id);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().path("messages").valueStream().map(m -> m.path("content").asString()).toList())
                .containsExactly("Anyone there?");
        assertThat(shown.json().path("last_seq").asLong()).isEqualTo(then.json().path("seq").asLong());

        JsonNode agentView = world.admin.api().get(world.path("/conversations/" + id)).json();
        assertThat(agentView.path("inbox_id").asLong()).isEqualTo(shown.json().path("inbox_id").asLong());
        assertThat(agentView.path("custom_attributes").path("plan").asString()).isEqualTo("gold");
    }

    @ParameterizedTest
    @ValueSource(strings = {"web_widget", "api"})
    void visitorResolvesTheirConversationWithAnActivityMessage(String channel) {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = fixtures.visitor(inboxIdentifier(world, channel), "Rita");
        long id = world.conversationFrom(visitor, "Thanks, that is all");

        Api.Response resolved = visitor.api().post(visitor.path() + "/conversations/" + id + "/toggle_status", null);
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(resolved.json().path("status").asString()).isEqualTo("resolved");

        // The activity message is for agents; the visitor's own view has only the conversation.
        assertThat(messages(visitor, id)).hasSize(1);
        List<JsonNode> agentMessages = agentMessages(world, id);
        assertThat(agentMessages).hasSize(2);
        assertThat(agentMessages.getLast().path("message_type").asInt()).isEqualTo(2);
        assertThat(world.admin.api().get(world.path("/conversations/" + id)).json().path("status").asString())
                .isEqualTo("resolved");

        Api.Response again = visitor.api().post(visitor.path() + "/conversations/" + id + "/toggle_status", null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(agentMessages(world, id)).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"web_widget", "api"})
    void visitorTypingReachesTheAgentsLive(String channel) {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = fixtures.visitor(inboxIdentifier(world, channel), "Tim");
        long id = world.conversationFrom(visitor, "Hi");
        try (SocketClient agentSocket = SocketClient.agent(port, world.admin.token())) {
            agentSocket.send(Map.of("type", "resume", "conversations", Map.of()));
            agentSocket.await("resumed", WAIT);

            Api.Response on = visitor.api().post(visitor.path() + "/conversations/" + id + "/toggle_typing",
                    Map.of("typing_status", "on"));
            assertThat(on.status()).isEqualTo(200);
            JsonNode typingOn = agentSocket.await("conversation.typing_on", WAIT);
            assertThat(typingOn.path("conversation_id").asLong()).isEqualTo(id);
            assertThat(typingOn.path("data").path("sender").path("type").asString()).isEqualTo("contact");
            assertThat(typingOn.path("data").path("sender").path("name").asString()).isEqualTo("Tim");

            visitor.api().post(visitor.path() + "/conversations/" + id + "/toggle_typing", Map.of("typing_status", "off"));
            assertThat(agentSocket.await("conversation.typing_off", WAIT).path("conversation_id").asLong()).isEqualTo(id);

            Api.Response wrong = visitor.api().post(visitor.path() + "/conversations/" + id + "/toggle_typing",
                    Map.of("typing_status", "maybe"));
            assertThat(wrong.status()).isEqualTo(422);
            assertThat(wrong.code()).isEqualTo("validation_failed");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"web_widget", "api"})
    void updateLastSeenRecordsWhenTheVisitorReadTheConversation(String channel) {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = fixtures.visitor(inboxIdentifier(world, channel), "Lena");
        long id = world.conversationFrom(visitor, "Hi");
        assertThat(visitor.api().get(visitor.path() + "/conversations/" + id).json().path("contact_last_seen_at").asLong())
                .isZero();

        Api.Response seen = visitor.api().post(visitor.path() + "/conversations/" + id + "/update_last_seen", null);
        assertThat(seen.status()).isEqualTo(200);

        assertThat(visitor.api().get(visitor.path() + "/conversations/" + id).json().path("contact_last_seen_at").asLong())
                .isPositive();
        assertThat(world.admin.api().get(world.path("/conversations/" + id)).json().path("contact_last_seen_at").asLong())
                .isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"web_widget", "api"})
    void aNewVisitorMessageReopensAResolvedConversationIntoTheQueue(String channel) {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = fixtures.visitor(inboxIdentifier(world, channel), "Omar");
        long id = world.conversationFrom(visitor, "Hi");
        assertThat(world.admin.api().post(world.path("/conversations/" + id + "/assignments"),
                Map.of("assignee_id", world.admin.id())).status()).isEqualTo(200);
        assertThat(world.admin.api().get(world.path("/conversations/" + id)).json().path("owner").asString()).isEqualTo("agent");
        visitor.api().post(visitor.path() + "/conversations/" + id + "/toggle_status", null);

        Api.Response again = post(visitor, id, Map.of("content", "One more question"));
        assertThat(again.status()).isEqualTo(200);

        JsonNode agentView = world.admin.api().get(world.path("/conversations/" + id)).json();
        assertThat(agentView.path("status").asString()).isEqualTo("open");
        assertThat(agentView.path("owner").asString()).isEqualTo("queue");
        assertThat(agentView.path("assignee_id").isNull()).isTrue();
        JsonNode publicView = visitor.api().get(visitor.path() + "/conversations/" + id).json();
        assertThat(publicView.path("status").asString()).isEqualTo("open");
        List<JsonNode> messages = messages(visitor, id);
        assertThat(messages.getLast().path("content").asString()).isEqualTo("One more question");
        assertThat(messages).noneMatch(m -> m.path("message_type").asInt() == 2);
        List<JsonNode> agentMessages = agentMessages(world, id);
        assertThat(agentMessages.get(agentMessages.size() - 2).path("message_type").asInt()).isEqualTo(2);
    }

    private static List<JsonNode> agentMessages(Fixtures.World world, long id) {
        return world.admin.api().get(world.path("/conversations/" + id + "/messages")).json().path("payload").valueStream().toList();
    }

    // ---- isolation

    @Test
    void aSourceIdOpensOnlyItsOwnConversations() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor alice = world.visitor("Alice");
        Fixtures.Visitor bob = world.visitor("Bob");
        long bobs = world.conversationFrom(bob, "Bob's secret");
        long lastSeq = world.admin.api().get(world.path("/conversations/" + bobs)).json().path("last_seq").asLong();

        String foreign = alice.path() + "/conversations/" + bobs;
        assertThat(alice.api().get(foreign).status()).isEqualTo(404);
        assertThat(alice.api().get(foreign + "/messages").status()).isEqualTo(404);
        assertThat(alice.api().post(foreign + "/messages", Map.of("content", "injected")).status()).isEqualTo(404);
        assertThat(alice.api().post(foreign + "/toggle_status", null).status()).isEqualTo(404);
        assertThat(alice.api().post(foreign + "/toggle_typing", Map.of("typing_status", "on")).status()).isEqualTo(404);
        assertThat(alice.api().post(foreign + "/update_last_seen", null).status()).isEqualTo(404);
        assertThat(alice.api().get(alice.path() + "/conversations").json().valueStream()
                .map(c -> c.path("id").asLong()).toList()).doesNotContain(bobs);

        // Alice's source_id names nobody in another inbox, even of the same account.
        String otherInbox = apiInbox(world);
        assertThat(anonymous.get("/public/api/v1/inboxes/" + otherInbox + "/contacts/" + alice.sourceId()).status())
                .isEqualTo(404);
        assertThat(anonymous.get("/public/api/v1/inboxes/" + otherInbox + "/contacts/" + bob.sourceId()
                + "/conversations/" + bobs).status()).isEqualTo(404);
        assertThat(anonymous.post("/public/api/v1/inboxes/" + otherInbox + "/contacts/" + bob.sourceId()
                + "/conversations/" + bobs + "/messages", Map.of("content", "injected")).status()).isEqualTo(404);

        // Nor does a made-up one, nor one too long to be real.
        String inbox = world.inbox.identifier();
        Api.Response unknown = anonymous.get(contacts(inbox) + "/00000000-0000-0000-0000-000000000000/conversations");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("not_found");
        assertThat(anonymous.get(contacts(inbox) + "/" + "x".repeat(300)).status()).isEqualTo(404);
        assertThat(anonymous.post(contacts(inbox) + "/nobody/conversations", Map.of()).status()).isEqualTo(404);

        JsonNode untouched = world.admin.api().get(world.path("/conversations/" + bobs)).json();
        assertThat(untouched.path("last_seq").asLong()).isEqualTo(lastSeq);
        assertThat(untouched.path("status").asString()).isEqualTo("open");
        assertThat(messages(bob, bobs)).extracting(m -> m.path("content").asString()).containsExactly("Bob's secret");
    }

    @Test
    void theVisitorNeverSeesPrivateNotesNorAgentOnlyEvents() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Paul");
        long id = world.conversationFrom(visitor, "Hello");
        try (SocketClient agentSocket = SocketClient.agent(port, world.admin.token());
             SocketClient visitorSocket = SocketClient.visitor(port, visitor.pubsubToken())) {
            agentSocket.send(Map.of("type", "resume", "conversations", Map.of()));
            visitorSocket.send(Map.of("type", "resume", "conversations", Map.of()));
            agentSocket.await("resumed", WAIT);
            visitorSocket.await("resumed", WAIT);

            assertThat(world.admin.api().post(world.path("/conversations/" + id + "/labels"),
                    Map.of("labels", List.of("vip", "billing"))).status()).isEqualTo(200);
            world.admin.api().post(world.path("/conversations/" + id + "/messages"),
                    Map.of("content", "Paul is a VIP", "private", true));
            world.admin.api().post(world.path("/conversations/" + id + "/messages"), Map.of("content", "Hi Paul"));

            agentSocket.await(e -> "conversation.updated".equals(e.path("type").asString())
                    && e.path("data").path("labels").toString().contains("vip"), WAIT);
            // Events of a conversation arrive in order: everything before the reply has reached the visitor.
            visitorSocket.await(e -> "Hi Paul".equals(e.path("data").path("content").asString()), WAIT);
            List<JsonNode> before = visitorSocket.drain(Duration.ZERO);
            assertThat(before).noneMatch(e -> "conversation.updated".equals(e.path("type").asString()));
            assertThat(before.toString()).doesNotContain("Paul is a VIP").doesNotContain("billing");
        }
        List<JsonNode> listed = messages(visitor, id);
        assertThat(listed).extracting(m -> m.path("content").asString()).containsExactly("Hello", "Hi Paul");
        assertThat(listed.toString()).doesNotContain("private");
        assertThat(visitor.api().get(visitor.path() + "/conversations/" + id).body()).doesNotContain("vip");
    }

    // ---- answering a bot's form (Chatwoot's public "Update a message")

    @Test
    void theVisitorAnswersAFormWithSubmittedValuesAndAgentsSeeThem() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Fay");
        long id = world.conversationFrom(visitor, "I need help");
        Api.Response form = world.admin.api().post(world.path("/conversations/" + id + "/messages"), Map.of(
                "content", "Your details", "content_type", "form",
                "content_attributes", Map.of("items", List.of(Map.of("name", "email", "label", "Email", "type", "email")))));
        assertThat(form.status()).as(form.toString()).isEqualTo(200);
        long formId = form.json().path("id").asLong();
        String path = visitor.path() + "/conversations/" + id + "/messages/";

        Api.Response answered = visitor.api().patch(path + formId,
                Map.of("submitted_values", List.of(Map.of("name", "email", "title", "Email", "value", "fay@example.com"))));

        assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
        assertThat(answered.json().path("content_attributes").path("submitted_values").path(0).path("value").asString())
                .isEqualTo("fay@example.com");
        assertThat(answered.json().path("content_attributes").path("items").path(0).path("name").asString()).isEqualTo("email");
        Api.Response agentView = world.admin.api().get(world.path("/conversations/" + id + "/messages"));
        assertThat(agentView.body()).contains("fay@example.com");
    }

    @Test
    void aVisitorCannotAnswerTheirOwnMessageNorSendAnswersThatAreNotValues() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Gus");
        long id = world.conversationFrom(visitor, "Hello");
        long own = messages(visitor, id).getFirst().path("id").asLong();
        long reply = world.admin.api().post(world.path("/conversations/" + id + "/messages"), Map.of("content", "Hi"))
                .json().path("id").asLong();
        String path = visitor.path() + "/conversations/" + id + "/messages/";

        Api.Response onOwn = visitor.api().patch(path + own, Map.of("submitted_values", List.of(Map.of("name", "a", "value", "b"))));
        Api.Response notValues = visitor.api().patch(path + reply, Map.of("submitted_values", "text"));
        Api.Response unknown = visitor.api().patch(path + (reply + 1000), Map.of("submitted_values", List.of()));

        assertThat(onOwn.status()).as(onOwn.toString()).isEqualTo(422);
        assertThat(notValues.status()).as(notValues.toString()).isEqualTo(422);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        assertThat(messages(visitor, id).toString()).doesNotContain("submitted_values");
    }

    // ---- idempotent send

    @Test
    void theSameEchoIdTwiceStoresOneMessage() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Eli");
        long id = visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong();

        Api.Response first = post(visitor, id, Map.of("content", "Is this sent?", "echo_id", "echo-1"));
        Api.Response retry = post(visitor, id, Map.of("content", "Is this sent?", "echo_id", "echo-1"));
        Api.Response other = post(visitor, id, Map.of("content", "Second", "echo_id", "echo-2"));

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().path("id").asLong()).isEqualTo(first.json().path("id").asLong());
        assertThat(retry.json().path("seq").asLong()).isEqualTo(first.json().path("seq").asLong());
        assertThat(first.json().path("echo_id").asString()).isEqualTo("echo-1");
        assertThat(other.json().path("seq").asLong()).isGreaterThan(first.json().path("seq").asLong());
        assertThat(messages(visitor, id)).extracting(m -> m.path("content").asString()).containsExactly("Is this sent?", "Second");
    }

    @Test
    void concurrentRetriesWithTheSameEchoIdStoreExactlyOneMessage() throws Exception {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Zoe");
        long id = visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong();

        int parallel = 10;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            for (int i = 0; i < parallel; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return post(visitor, id, Map.of("content", "Only once", "echo_id", "same-echo"));
                }));
            }
            start.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> f : futures) {
                responses.add(f.get());
            }
            assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
            assertThat(responses).extracting(r -> r.json().path("id").asLong()).containsOnly(responses.getFirst().json().path("id").asLong());
        }
        assertThat(messages(visitor, id)).extracting(m -> m.path("content").asString()).containsExactly("Only once");
    }

    // ---- bad input

    @Test
    void malformedJsonIsAClearErrorAndCreatesNothing() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Max");
        long id = visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong();

        Api.Response badMessage = visitor.api().raw("POST", visitor.path() + "/conversations/" + id + "/messages",
                "{\"content\": \"unterminated", "application/json");
        assertThat(badMessage.status()).isEqualTo(400);
        assertThat(badMessage.code()).isEqualTo("malformed_json");
        assertThat(badMessage.body()).doesNotContain("Exception");

        Api.Response noBody = visitor.api().raw("POST", visitor.path() + "/conversations/" + id + "/messages", null,
                "application/json");
        assertThat(noBody.status()).isEqualTo(400);

        Api.Response wrongType = visitor.api().raw("POST", visitor.path() + "/conversations/" + id + "/messages",
                "{\"content\": {\"nested\": true}}", "application/json");
        assertThat(wrongType.status()).isEqualTo(400);

        Api.Response badContact = anonymous.raw("POST", contacts(world.inbox.identifier()), "{name: Max", "application/json");
        assertThat(badContact.status()).isEqualTo(400);
        assertThat(badContact.code()).isEqualTo("malformed_json");

        assertThat(visitor.api().raw("PATCH", visitor.path(), "[1,2", "application/json").status()).isEqualTo(400);
        assertThat(messages(visitor, id)).isEmpty();
    }

    @Test
    void anEmptyMessageIsRefused() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Ida");
        long id = visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong();

        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("content", ""), Map.of("content", "   \n "),
                Map.of("echo_id", "no-content"))) {
            Api.Response refused = post(visitor, id, body);
            assertThat(refused.status()).as(body.toString()).isEqualTo(422);
            assertThat(refused.code()).isEqualTo("message_empty");
        }
        assertThat(messages(visitor, id)).isEmpty();
    }

    @Test
    void aMessageOverTheAccountsMaximumLengthIsRefusedAndNotStored() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Ben");
        long id = visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong();

        assertThat(post(visitor, id, Map.of("content", "a".repeat(1000))).status()).isEqualTo(200);
        Api.Response tooLong = post(visitor, id, Map.of("content", "a".repeat(1001), "echo_id", "long-1"));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.code()).isEqualTo("message_too_long");
        assertThat(tooLong.json().path("errors").toString()).contains("content");

        Api.Response huge = post(visitor, id, Map.of("content", "b".repeat(10_000)));
        assertThat(huge.status()).isEqualTo(422);
        assertThat(huge.code()).isEqualTo("message_too_long");

        assertThat(messages(visitor, id)).extracting(m -> m.path("content").asString().length()).containsExactly(1000);
    }

    @Test
    void aTenThousandCharacterMessageIsStoredIntactWhereTheAccountAllowsIt() {
        Fixtures.World world = fixtures.world();
        assertThat(world.admin.api().patch(world.path(""), Map.of("max_message_length", 10_000)).status()).isEqualTo(200);
        Fixtures.Visitor visitor = world.visitor("Ann");
        long id = visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong();

        String text = "Long story. ".repeat(834).substring(0, 10_000);
        Api.Response posted = post(visitor, id, Map.of("content", text));
        assertThat(posted.status()).isEqualTo(200);
        // Characters, not UTF-16 units: 10,000 emoji are 10,000 characters.
        String emoji = "\uD83D\uDE00".repeat(10_000);
        Api.Response emojiPosted = post(visitor, id, Map.of("content", emoji));
        assertThat(emojiPosted.status()).as(emojiPosted.toString()).isEqualTo(200);
        assertThat(post(visitor, id, Map.of("content", text + "!")).code()).isEqualTo("message_too_long");

        assertThat(messages(visitor, id)).extracting(m -> m.path("content").asString()).containsExactly(text, emoji);
    }

    @Test
    void aMessageAtTheHighestAllowedLengthIsStoredWhateverItsCharacters() {
        Fixtures.World world = fixtures.world();
        assertThat(world.admin.api().patch(world.path(""), Map.of("max_message_length", 20_000)).status()).isEqualTo(200);
        Fixtures.Visitor visitor = world.visitor("Uma");
        long id = visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong();

        // Two UTF-16 units per character, and characters that JSON escapes to six: stored as sent.
        String emoji = "\uD83C\uDF89".repeat(20_000);
        String escaped = "\u0007\"".repeat(10_000);
        Api.Response posted = post(visitor, id, Map.of("content", emoji));
        Api.Response postedEscaped = post(visitor, id, Map.of("content", escaped));
        assertThat(posted.status()).as(posted.code()).isEqualTo(200);
        assertThat(postedEscaped.status()).as(postedEscaped.code()).isEqualTo(200);
        assertThat(messages(visitor, id)).extracting(m -> m.path("content").asString()).containsExactly(emoji, escaped);
    }

    @Test
    void unknownInboxIdentifiersAndConversationsAnswer404() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Kai");
        String unknown = "/public/api/v1/inboxes/no-such-inbox";

        Api.Response inbox = anonymous.get(unknown);
        assertThat(inbox.status()).isEqualTo(404);
        assertThat(inbox.code()).isEqualTo("not_found");
        assertThat(anonymous.post(unknown + "/contacts", Map.of("name", "Nobody")).status()).isEqualTo(404);
        assertThat(anonymous.get(unknown + "/contacts/" + visitor.sourceId()).status()).isEqualTo(404);
        assertThat(anonymous.post(unknown + "/contacts/" + visitor.sourceId() + "/conversations", Map.of()).status())
                .isEqualTo(404);

        assertThat(visitor.api().get(visitor.path() + "/conversations/999999999").status()).isEqualTo(404);
        assertThat(post(visitor, 999_999_999L, Map.of("content", "hi")).status()).isEqualTo(404);
        Api.Response notANumber = visitor.api().get(visitor.path() + "/conversations/abc");
        assertThat(notANumber.status()).isEqualTo(400);
    }

    // ---- helpers

    private static String contacts(String inboxIdentifier) {
        return "/public/api/v1/inboxes/" + inboxIdentifier + "/contacts";
    }

    private static Api.Response post(Fixtures.Visitor visitor, long conversationId, Map<String, ?> body) {
        return visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/messages", body);
    }

    private static List<JsonNode> messages(Fixtures.Visitor visitor, long conversationId) {
        Api.Response listed = visitor.api().get(visitor.path() + "/conversations/" + conversationId + "/messages");
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        return listed.json().valueStream().toList();
    }

    private static String channelName(String channel) {
        return "api".equals(channel) ? "Channel::Api" : "Channel::WebWidget";
    }

    private static String inboxIdentifier(Fixtures.World world, String channel) {
        return "api".equals(channel) ? apiInbox(world) : world.inbox.identifier();
    }

    /** An API-channel inbox created by the administrator, as Chatwoot's admin API does it. */
    static String apiInbox(Fixtures.World world) {
        Api.Response created = world.admin.api().post(world.path("/inboxes"),
                Map.of("name", "Mobile app", "channel", Map.of("type", "api")));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().path("website_token").isNull()).isTrue();
        return created.json().path("inbox_identifier").asString();
    }
}
