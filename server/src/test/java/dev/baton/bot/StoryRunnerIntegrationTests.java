package dev.baton.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The story runner through the public API, as a visitor meets it: every step type and every handoff exit. */
class StoryRunnerIntegrationTests extends IntegrationTest {

    private Chat chatWith(String story) {
        Fixtures.World world = fixtures.world();
        Chat.automate(world, Map.of("story_id", Chat.publish(world, Chat.json(story))));
        return Chat.open(world, "Vera");
    }

    @Test
    void askStepsCheckEachKindOfAnswerAndAskAgainWithTheRetryText() {
        Chat chat = chatWith("""
                {'start': 'hello', 'steps': {
                  'hello': {'type': 'message', 'text': 'Welcome!', 'next': 'name'},
                  'name': {'type': 'ask', 'text': 'Your name?', 'variable': 'first_name', 'next': 'mail'},
                  'mail': {'type': 'ask', 'text': 'Your e-mail, {{first_name}}?', 'variable': 'email', 'validate': 'email',
                           'retry': 'That is no e-mail address, {{first_name}}.', 'next': 'phone'},
                  'phone': {'type': 'ask', 'text': 'Your phone?', 'variable': 'phone', 'validate': 'phone', 'next': 'age'},
                  'age': {'type': 'ask', 'text': 'How many items?', 'variable': 'items', 'validate': 'number',
                          'retry': 'A number, please.', 'next': 'zip'},
                  'zip': {'type': 'ask', 'text': 'Your postcode?', 'variable': 'zip', 'validate': 'regex', 'pattern': '[0-9]{4}',
                          'retry': 'Four digits, please.', 'next': 'bye'},
                  'bye': {'type': 'end', 'text': 'Thanks {{first_name}}, we will write to {{email}}.'}}}""");
        chat.awaitBot("Welcome!");
        chat.awaitBot("Your name?");
        chat.answer("Anna", "Your e-mail, Anna?");
        chat.answer("anna at example", "That is no e-mail address, Anna.");
        chat.answer("anna@shop.example", "Your phone?");
        chat.answer("call me maybe", "Sorry, I did not get that. Please try again.");
        chat.answer("+41 44 123 45 67", "How many items?");
        chat.answer("several", "A number, please.");
        chat.answer("3", "Your postcode?");
        chat.answer("80000", "Four digits, please.");
        chat.answer("8000", "Thanks Anna, we will write to anna@shop.example.");

        JsonNode conversation = chat.awaitConversation(c -> "resolved".equals(c.path("status").asString()), "the story to end");
        assertThat(conversation.path("custom_attributes").path("first_name").asString()).isEqualTo("Anna");
        assertThat(conversation.path("custom_attributes").path("email").asString()).isEqualTo("anna@shop.example");
        assertThat(conversation.path("custom_attributes").path("phone").asString()).isEqualTo("+41 44 123 45 67");
        assertThat(conversation.path("custom_attributes").path("items").asString()).isEqualTo("3");
        assertThat(conversation.path("custom_attributes").path("zip").asString()).isEqualTo("8000");
        // Bot messages are the bot's, for visitors and agents alike.
        assertThat(chat.agentMessages().stream().filter(m -> "Welcome!".equals(m.path("content").asString())))
                .singleElement().satisfies(m -> {
                    assertThat(m.path("sender_type").asString()).isEqualTo("AgentBot");
                    assertThat(m.path("message_type").asInt()).isEqualTo(1);
                });
    }

    @Test
    void aTenThousandCharacterAnswerGetsAClearAnswerAndTheStoryGoesOn() {
        Chat chat = chatWith("""
                {'start': 'name', 'steps': {
                  'name': {'type': 'ask', 'text': 'Your name?', 'variable': 'first_name', 'next': 'bye'},
                  'bye': {'type': 'end', 'text': 'Bye {{first_name}}'}}}""");
        chat.awaitBot("Your name?");
        String huge = "x".repeat(10_000);

        // Over the account's message limit: refused before it reaches the bot.
        Api.Response refused = chat.visitor.api().post(chat.base() + "/messages", Map.of("content", huge));
        Problems.assertFieldProblem(refused, 422, "message_too_long", "content", "length");

        // Within a raised limit, the bot says the answer is too long, and still waits for the name.
        assertThat(chat.world.admin.api().patch(chat.world.path(""), Map.of("max_message_length", 20_000)).status()).isEqualTo(200);
        chat.answer(huge, "That is a bit long for me: please answer in at most 500 characters.");
        chat.settle();
        JsonNode waiting = chat.conversation();
        assertThat(waiting.path("status").asString()).isEqualTo("pending");
        assertThat(waiting.path("owner").asString()).isEqualTo("bot");
        assertThat(waiting.path("custom_attributes").has("first_name")).isFalse();
        chat.answer("Anna", "Bye Anna");
        assertThat(chat.botTexts()).containsExactly("Your name?",
                "That is a bit long for me: please answer in at most 500 characters.", "Bye Anna");
    }

    @Test
    void choiceButtonsReachTheWidgetAsInputSelectAndTypedTitlesCount() {
        Chat chat = chatWith("""
                {'start': 'menu', 'steps': {
                  'menu': {'type': 'choice', 'text': 'What do you need?', 'variable': 'topic', 'options': [
                    {'title': 'Opening hours', 'next': 'hours'}, {'title': 'Shipping costs', 'next': 'shipping'}]},
                  'hours': {'type': 'message', 'text': 'We open at nine.', 'next': 'menu'},
                  'shipping': {'type': 'end', 'text': 'Shipping is free.'}}}""");
        JsonNode buttons = chat.awaitBot("What do you need?");
        assertThat(buttons.path("content_type").asString()).isEqualTo("input_select");
        assertThat(buttons.path("content_attributes").path("items").valueStream().map(i -> i.path("title").asString()))
                .containsExactly("Opening hours", "Shipping costs");
        assertThat(buttons.path("content_attributes").path("items").get(0).path("value").asString()).isEqualTo("Opening hours");

        // Text where a button is expected: asked to choose, with the buttons again.
        JsonNode again = chat.answer("what about a discount?", "Please choose one of the buttons.");
        assertThat(again.path("content_type").asString()).isEqualTo("input_select");
        assertThat(again.path("content_attributes").path("items")).hasSize(2);
        assertThat(chat.conversation().path("custom_attributes").has("topic")).isFalse();

        // Typed text matching a button (any case) counts as pressing it.
        long typed = chat.say("opening HOURS");
        chat.awaitBot(typed, "We open at nine.");
        chat.awaitBot(typed, "What do you need?");
        assertThat(chat.conversation().path("custom_attributes").path("topic").asString()).isEqualTo("Opening hours");

        // The widget sends the pressed button's value.
        chat.answer("Shipping costs", "Shipping is free.");
        assertThat(chat.awaitConversation(c -> "resolved".equals(c.path("status").asString()), "the end")
                .path("custom_attributes").path("topic").asString()).isEqualTo("Shipping costs");
    }

    @Test
    void conditionSetNoteAndGotoSteps() {
        Chat chat = chatWith("""
                {'start': 'size', 'steps': {
                  'size': {'type': 'ask', 'text': 'How many employees?', 'variable': 'employees', 'validate': 'number', 'next': 'check'},
                  'check': {'type': 'condition', 'rules': [
                      {'variable': 'employees', 'op': 'greater_than', 'value': '100', 'next': 'big'},
                      {'variable': 'employees', 'op': 'equals', 'value': '0', 'next': 'none'}], 'else': 'small'},
                  'big': {'type': 'set', 'variable': 'segment', 'value': 'enterprise ({{employees}})', 'next': 'note'},
                  'small': {'type': 'set', 'variable': 'segment', 'value': 'smb', 'next': 'note'},
                  'none': {'type': 'message', 'text': 'Nobody? Try again.', 'next': 'again'},
                  'again': {'type': 'goto', 'target': 'size'},
                  'note': {'type': 'note', 'text': 'Segment: {{segment}}', 'next': 'bye'},
                  'bye': {'type': 'end', 'text': 'You are {{segment}}.'}}}""");
        chat.awaitBot("How many employees?");
        long zero = chat.say("0");
        chat.awaitBot(zero, "Nobody? Try again.");
        chat.awaitBot(zero, "How many employees?");
        chat.answer("250", "You are enterprise (250).");

        JsonNode conversation = chat.awaitConversation(c -> "resolved".equals(c.path("status").asString()), "the end");
        assertThat(conversation.path("custom_attributes").path("segment").asString()).isEqualTo("enterprise (250)");
        // The note is private: agents see it, the visitor does not.
        assertThat(chat.agentMessages()).filteredOn(m -> "Segment: enterprise (250)".equals(m.path("content").asString()))
                .singleElement().satisfies(m -> {
                    assertThat(m.path("private").asBoolean()).isTrue();
                    assertThat(m.path("sender_type").asString()).isEqualTo("AgentBot");
                });
        assertThat(chat.visitorMessages()).noneMatch(m -> m.path("content").asString().startsWith("Segment"));

        Chat small = Chat.open(chat.world, "Sam");
        small.awaitBot("How many employees?");
        small.answer("12", "You are smb.");
    }

    @Test
    void anInvalidStoryIsRefusedWithErrorsThatPointAtTheStepAndNothingIsSaved() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        Api.Response refused = admin.post(world.path("/stories"), Map.of("name", "Broken", "definition", Chat.json("""
                {'start': 'x', 'steps': {'x': {'type': 'message', 'text': 'Hi', 'next': 'nowhere'},
                 'h': {'type': 'handoff', 'exits': {'handled': 'x'}}}}""")));
        JsonNode problem = Problems.assertFieldProblem(refused, 422, "invalid_story", "steps.x.next", "unknown_step");
        assertThat(problem.path("errors").valueStream().map(e -> e.path("field").asString()))
                .contains("steps.h.exits.declined", "steps.h.exits.no_agent");
        assertThat(admin.get(world.path("/stories")).json().path("payload")).isEmpty();

        // An existing story keeps its draft when a change is invalid.
        JsonNode good = Chat.json("{'start': 'a', 'steps': {'a': {'type': 'end', 'text': 'Bye'}}}");
        long id = admin.post(world.path("/stories"), Map.of("name", "Good", "definition", good)).json().path("id").asLong();
        Problems.assertFieldProblem(admin.patch(world.path("/stories/" + id), Map.of("definition",
                Chat.json("{'start': 'a', 'steps': {'a': {'type': 'goto', 'target': 'a'}}}"))), 422, "invalid_story", "steps.a",
                "loop_without_input");
        assertThat(admin.get(world.path("/stories/" + id)).json().path("definition")).isEqualTo(good);
        Problems.assertFieldProblem(admin.post(world.path("/stories"), Map.of("name", "Missing")), 422, "invalid_story",
                "definition", "type");

        // An inbox cannot run a story that was never published.
        Api.Response unpublished = admin.put(world.path("/inboxes/" + world.inbox.id() + "/automation"), Map.of("story_id", id));
        Problems.assertFieldProblem(unpublished, 422, "validation_failed", "story_id", "unpublished");
        assertThat(admin.get(world.path("/inboxes/" + world.inbox.id() + "/automation")).json().path("story_id").isNull()).isTrue();

        // Only administrators edit stories; the schema is public.
        Fixtures.Person agent = world.agent("Agent");
        assertThat(agent.api().post(world.path("/stories"), Map.of("name", "Mine", "definition", good)).status()).isEqualTo(403);
        Api.Response schema = anonymous.get("/public/api/v1/story-schema.json");
        assertThat(schema.status()).isEqualTo(200);
        assertThat(schema.json().path("$defs").path("step").path("oneOf")).hasSize(10);
    }

    @Test
    void conversationsKeepTheVersionTheyStartedWith() {
        Fixtures.World world = fixtures.world();
        String v1 = "{'start': 'q', 'steps': {'q': {'type': 'ask', 'text': 'Version one?', 'variable': 'v', 'next': 'e'}, "
                + "'e': {'type': 'end', 'text': 'One ends.'}}}";
        long storyId = Chat.publish(world, Chat.json(v1));
        Chat.automate(world, Map.of("story_id", storyId));
        Chat first = Chat.open(world, "Early");
        first.awaitBot("Version one?");

        Api admin = world.admin.api();
        assertThat(admin.patch(world.path("/stories/" + storyId), Map.of("definition", Chat.json(v1.replace("one", "two")
                .replace("One", "Two")))).status()).isEqualTo(200);
        // A saved draft changes nothing until it is published.
        Chat draftOnly = Chat.open(world, "Between");
        draftOnly.awaitBot("Version one?");
        JsonNode published = admin.post(world.path("/stories/" + storyId + "/publish"), Map.of()).json();
        assertThat(published.path("published_version").asInt()).isEqualTo(2);

        Chat second = Chat.open(world, "Late");
        second.awaitBot("Version two?");
        first.answer("yes", "One ends.");
        second.answer("yes", "Two ends.");
    }

    @Test
    void aMessageWrittenBeforeTheBotAskedIsNotTakenAsTheAnswer() {
        Fixtures.World world = fixtures.world();
        long storyId = Chat.publish(world, Chat.json("""
                {'start': 'hello', 'steps': {
                  'hello': {'type': 'message', 'text': 'Hello, I am the shop assistant.', 'next': 'name'},
                  'name': {'type': 'ask', 'text': 'Your name?', 'variable': 'first_name', 'next': 'bye'},
                  'bye': {'type': 'end', 'text': 'Bye {{first_name}}'}}}"""));
        // An API channel's relay opens a bot conversation and writes the visitor's first words at once, before
        // the story has said anything: the story starts, and those words are not the answer to its question.
        JsonNode relay = world.admin.api().post(world.path("/inboxes"), Map.of("name", "Relay", "channel", Map.of("type", "api")))
                .json();
        long inboxId = relay.path("id").asLong();
        assertThat(world.admin.api().put(world.path("/inboxes/" + inboxId + "/automation"), Map.of("story_id", storyId))
                .status()).isEqualTo(200);
        long contactId = world.admin.api().post(world.path("/contacts"), Map.of("inbox_id", inboxId, "name", "Vera"))
                .json().path("payload").path("contact").path("id").asLong();
        Api.Response opened = world.admin.api().post(world.path("/conversations"),
                Map.of("inbox_id", inboxId, "contact_id", contactId, "status", "pending"));
        assertThat(opened.status()).as(opened.body()).isEqualTo(200);
        long conversationId = opened.json().path("id").asLong();
        String messages = world.path("/conversations/" + conversationId + "/messages");
        assertThat(world.admin.api().post(messages, Map.of("content", "Do you ship to Austria?", "message_type", "incoming"))
                .status()).isEqualTo(200);

        Chat.await(() -> texts(world, messages), t -> t.contains("Your name?"), "the story to ask for the name");
        assertThat(world.admin.api().post(messages, Map.of("content", "Vera", "message_type", "incoming")).status())
                .isEqualTo(200);
        Chat.await(() -> texts(world, messages), t -> t.contains("Bye Vera"), "the story to take the second message");
        assertThat(texts(world, messages)).containsExactly("Do you ship to Austria?", "Hello, I am the shop assistant.",
                "Your name?", "Vera", "Bye Vera");
    }

    private static List<String> texts(Fixtures.World world, String messages) {
        List<String> out = new ArrayList<>();
        world.admin.api().get(messages).json().path("payload").forEach(m -> {
            if (!"activity".equals(m.path("message_type").asString()) && m.path("message_type").asInt(-1) != 2) {
                out.add(m.path("content").asString());
            }
        });
        return out;
    }

    @Test
    void anInboxWhoseStoryWasDeletedSendsNewConversationsToPeople() {
        Fixtures.World world = fixtures.world();
        long storyId = Chat.publish(world, Chat.json("{'start': 'a', 'steps': {'a': {'type': 'end', 'text': 'Bye'}}}"));
        Chat.automate(world, Map.of("story_id", storyId));
        assertThat(world.admin.api().delete(world.path("/stories/" + storyId)).status()).isEqualTo(200);
        Chat chat = Chat.open(world, "Vera");
        chat.say("Hello?");
        chat.awaitConversation(c -> "queue".equals(c.path("owner").asString()), "the conversation to go to people");
        assertThat(chat.botTexts()).isEmpty();
    }

    @Test
    void aStoryWhoseNoAgentPathAsksAgainForARefusedHandoffStopsInsteadOfLooping() throws Exception {
        // The handoff names a team that does not exist (deleted after publishing): routing refuses it,
        // the no_agent exit leads back to the same handoff, which is refused again.
        Chat chat = chatWith("""
                {'start': 'connecting', 'steps': {
                  'connecting': {'type': 'message', 'text': 'Connecting you…', 'next': 'people'},
                  'people': {'type': 'handoff', 'team_id': 987654321,
                             'exits': {'handled': 'bye', 'declined': 'bye', 'no_agent': 'connecting'}},
                  'bye': {'type': 'end', 'text': 'Bye'}}}""");
        Chat.await(() -> chat.botTexts().stream().filter("Connecting you…"::equals).count(), n -> n >= 2,
                "the no_agent path to run once");
        // Without a bound the refusals would repeat in the same call, posting the message again at once.
        Thread.sleep(1_000);
        assertThat(chat.botTexts()).filteredOn("Connecting you…"::equals).hasSize(2);
        assertThat(chat.conversation().path("status").asString()).as("the bot keeps the conversation").isEqualTo("pending");
    }
}
