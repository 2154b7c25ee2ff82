package dev.baton.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The demo story's handoff step and its exits: handled (after the chat), declined, and handover keywords. */
class StoryHandoffIntegrationTests extends IntegrationTest {

    private static final String ASK_NAME = "What's your first name?";
    private static final String MENU = "How can I help you, Vera?";
    private static final String CONNECTING = "One moment, I'm connecting you with a colleague…";
    private static final String SURVEY = "Thanks for chatting with us! How satisfied were you, from 1 (not at all) to 5 (very)?";

    private record Desk(Fixtures.World world, List<Fixtures.Person> agents, long teamId) {
    }

    /** The English demo story, handing over to a team of the given agents (available and licensed). */
    private Desk desk(int agents, Map<String, Object> extra) {
        Fixtures.World world = fixtures.world();
        List<Fixtures.Person> people = new java.util.ArrayList<>();
        for (int i = 0; i < agents; i++) {
            people.add(world.agent("Anna " + i));
        }
        long teamId = Chat.team(world, people, 600);
        Map<String, Object> automation = new java.util.HashMap<>(Map.of("story_id", Chat.publish(world, Chat.demoStory()),
                "team_id", teamId, "pseudonym_template", "{{first_name}} ({{company}})"));
        automation.putAll(extra);
        Chat.automate(world, automation);
        return new Desk(world, people, teamId);
    }

    /** A visitor "Vera" of "Acme" walks the demo story to the handoff. */
    private Chat toHandoff(Desk desk) {
        Chat chat = Chat.open(desk.world(), "Visitor");
        chat.awaitBot(ASK_NAME);
        chat.answer("Vera", "Nice to meet you, Vera! Which company are you with? (or write 'private')");
        chat.answer("Acme", MENU);
        long faq = chat.say("Shipping costs");
        chat.awaitBot(faq, "Shipping is free from CHF 100; below that it costs CHF 9.");
        chat.awaitBot(faq, MENU);
        chat.answer("Talk to a person", CONNECTING);
        return chat;
    }

    private String path(Chat chat, String rest) {
        return chat.world.path("/conversations/" + chat.id + rest);
    }

    private void accept(Chat chat, Fixtures.Person agent) {
        JsonNode offer = chat.awaitOffer(agent);
        Api.Response accepted = agent.api().post(chat.world.path("/offers/" + offer.path("id").asLong() + "/accept"), Map.of());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    }

    @Test
    void storyThenHandoffThenChatThenTheAgentEndsAndTheSurveyIsStored() {
        Desk desk = desk(1, Map.of());
        Fixtures.Person anna = desk.agents().getFirst();
        Chat chat = toHandoff(desk);

        // The agent's offer carries what the visitor told the bot; the conversation is named by the pseudonym.
        JsonNode offer = chat.awaitOffer(anna);
        assertThat(offer.path("messages").valueStream().map(m -> m.path("content").asString())).contains("Vera", "Acme");
        assertThat(offer.path("visitor_name").asString()).isEqualTo("Vera (Acme)");
        assertThat(offer.path("reason").asString()).isEqualTo("bot");
        JsonNode waiting = chat.conversation();
        assertThat(waiting.path("display_name").asString()).isEqualTo("Vera (Acme)");
        assertThat(waiting.path("custom_attributes").path("topic").asString()).isEqualTo("Talk to a person");
        assertThat(anna.api().post(chat.world.path("/offers/" + offer.path("id").asLong() + "/accept"), Map.of()).status())
                .isEqualTo(200);

        JsonNode taken = chat.conversation();
        assertThat(taken.path("owner").asString()).isEqualTo("agent");
        assertThat(taken.path("assignee_id").asLong()).isEqualTo(anna.id());
        List<JsonNode> history = chat.agentMessages();
        assertThat(history.stream().map(m -> m.path("content").asString()))
                .contains("Vera", "Acme", "Shipping costs", "Talk to a person", "Vera (Acme) asked for a person.");
        assertThat(history).filteredOn(m -> "Vera (Acme) asked for a person.".equals(m.path("content").asString()))
                .singleElement().satisfies(m -> assertThat(m.path("private").asBoolean()).isTrue());

        // The chat: the bot stays silent while the agent has the conversation.
        assertThat(anna.api().post(path(chat, "/messages"), Map.of("content", "Hi Vera, Anna here.")).status()).isEqualTo(200);
        chat.say("I need a tent for two");
        chat.settle();
        assertThat(chat.botTexts().getLast()).isEqualTo(CONNECTING);

        // The agent ends the chat: the handled path asks for the score.
        Api.Response ended = anna.api().post(path(chat, "/toggle_status"), Map.of("status", "resolved"));
        assertThat(ended.status()).as(ended.body()).isEqualTo(200);
        chat.awaitBot(SURVEY);
        chat.answer("7", "Please answer with a number from 1 to 5.");
        chat.answer("4", "Thank you for your feedback, Vera. Goodbye!");
        JsonNode done = chat.awaitConversation(c -> "resolved".equals(c.path("status").asString()), "the story to end");
        assertThat(done.path("custom_attributes").path("satisfaction").asString()).isEqualTo("4");
        assertThat(chat.botTexts().stream().filter(SURVEY::equals)).hasSize(1);
    }

    @Test
    void theVisitorPressingBackToTheBotDuringTheChatTakesTheHandledPath() {
        Desk desk = desk(1, Map.of());
        Chat chat = toHandoff(desk);
        accept(chat, desk.agents().getFirst());
        Api.Response back = chat.visitor.api().post(chat.base() + "/back_to_bot", Map.of());
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        chat.awaitBot(SURVEY);
        assertThat(chat.conversation().path("owner").asString()).isEqualTo("bot");
    }

    @Test
    void theAgentHandingBackToTheBotTakesTheHandledPath() {
        Desk desk = desk(1, Map.of());
        Fixtures.Person anna = desk.agents().getFirst();
        Chat chat = toHandoff(desk);
        accept(chat, anna);
        assertThat(anna.api().post(path(chat, "/toggle_status"), Map.of("status", "pending")).status()).isEqualTo(200);
        chat.awaitBot(SURVEY);
        chat.answer("5", "Thank you for your feedback, Vera. Goodbye!");
    }

    @Test
    void theVisitorCancellingTheWaitTakesTheDeclinedPath() {
        Desk desk = desk(0, Map.of());
        Chat chat = toHandoff(desk);
        Chat.await(() -> chat.visitor.api().get(chat.base() + "/queue").json(), q -> q.path("position").asInt() == 1, "the queue");
        Api.Response cancelled = chat.visitor.api().post(chat.base() + "/handoff/cancel", Map.of());
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        JsonNode sorry = chat.awaitBot("No problem, I'm still here for you.");
        chat.awaitBot(sorry.path("id").asLong(), MENU);
        JsonNode conversation = chat.conversation();
        assertThat(conversation.path("owner").asString()).isEqualTo("bot");
        assertThat(conversation.path("status").asString()).isEqualTo("pending");
        // The menu works again.
        chat.answer("Opening hours", "Our shop is open Monday to Saturday, 9:00 to 18:30.");
    }

    @Test
    void backToTheBotWhileWaitingTakesTheDeclinedPath() {
        Desk desk = desk(0, Map.of());
        Chat chat = toHandoff(desk);
        Chat.await(() -> chat.visitor.api().get(chat.base() + "/queue").json(), q -> q.path("position").asInt() == 1, "the queue");
        Api.Response back = chat.visitor.api().post(chat.base() + "/back_to_bot", Map.of());
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        chat.awaitBot("No problem, I'm still here for you.");
        chat.awaitBot(MENU);
        assertThat(chat.visitor.api().get(chat.base() + "/queue").json().has("position")).isFalse();
    }

    @Test
    void aHandoverKeywordMidStoryStartsTheHandoff() {
        Desk desk = desk(1, Map.of());
        Chat chat = Chat.open(desk.world(), "Visitor");
        chat.awaitBot(ASK_NAME);
        chat.answer("Vera", "Nice to meet you, Vera! Which company are you with? (or write 'private')");
        chat.answer("Can I talk to a human, please?", CONNECTING);
        JsonNode offer = chat.awaitOffer(desk.agents().getFirst());
        assertThat(offer.path("messages").valueStream().map(m -> m.path("content").asString()))
                .contains("Vera", "Can I talk to a human, please?");
        assertThat(chat.conversation().path("custom_attributes").has("company")).isFalse();
    }

    @Test
    void anInboxsOwnHandoverKeywordsReplaceTheDefaults() {
        Desk desk = desk(0, Map.of("handover_keywords", List.of("Berater")));
        JsonNode automation = desk.world().admin.api().get(desk.world().path("/inboxes/" + desk.world().inbox.id() + "/automation"))
                .json();
        assertThat(automation.path("handover_keywords").valueStream().map(JsonNode::asString)).containsExactly("berater");
        Chat chat = Chat.open(desk.world(), "Visitor");
        chat.awaitBot(ASK_NAME);
        chat.answer("Vera", "Nice to meet you, Vera! Which company are you with? (or write 'private')");
        chat.answer("Human Resources Ltd", MENU);
        assertThat(chat.conversation().path("custom_attributes").path("company").asString()).isEqualTo("Human Resources Ltd");
        chat.answer("Bitte einen BERATER", CONNECTING);
    }

    @Test
    void anInboxWithoutAStorySendsConversationsStraightToPeople() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person anna = world.agent("Anna");
        long teamId = Chat.team(world, List.of(anna), 600);
        Chat.automate(world, Map.of("team_id", teamId));
        Chat chat = Chat.open(world, "Visitor");
        chat.say("Hello?");
        assertThat(chat.conversation().path("owner").asString()).isNotEqualTo("bot");
        assertThat(chat.visitor.api().post(chat.base() + "/back_to_bot", Map.of()).code()).isEqualTo("no_bot");
        // It waits in the inbox team's queue: the team's agent is offered it.
        JsonNode offer = Chat.await(() -> anna.api().get(world.path("/offers")).json().path("payload"), offers -> !offers.isEmpty(),
                "an offer to the inbox team's agent");
        assertThat(offer.get(0).path("conversation_id").asLong()).isEqualTo(chat.id);
        assertThat(offer.get(0).path("reason").asString()).as("no bot handed it over").isEqualTo("new_chat");
    }

    @Test
    void theVisitorAskingForAPersonFromTheWidgetMidStoryLeadsToTheHandledPathAfterwards() {
        Desk desk = desk(1, Map.of());
        Fixtures.Person anna = desk.agents().getFirst();
        Chat chat = Chat.open(desk.world(), "Visitor");
        chat.awaitBot(ASK_NAME);

        // "Talk to a person" in the widget: the public handoff endpoint, while the bot waits for a name.
        Api.Response asked = chat.visitor.api().post(chat.base() + "/handoff", Map.of());
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        accept(chat, anna);
        // Writing to the agent is not an answer to the bot's question.
        chat.say("Vera");
        chat.settle();
        assertThat(chat.botTexts().getLast()).isEqualTo(ASK_NAME);

        // The agent ends: the story goes on where its handoff step's handled exit leads.
        Api.Response ended = anna.api().post(path(chat, "/toggle_status"), Map.of("status", "resolved"));
        assertThat(ended.status()).as(ended.body()).isEqualTo(200);
        chat.awaitBot(SURVEY);
    }

    /** A visitor waiting for the one agent of the desk, who has the offer. */
    private record Waiting(Chat chat, Fixtures.Person agent, JsonNode offer) {
    }

    private Waiting waitingForOneAgent() {
        Desk desk = desk(1, Map.of());
        Chat chat = toHandoff(desk);
        return new Waiting(chat, desk.agents().getFirst(), chat.awaitOffer(desk.agents().getFirst()));
    }

    private static void answerOffer(Waiting w, String answer) {
        Api.Response answered = w.agent().api().post(w.chat().world.path("/offers/" + w.offer().path("id").asLong() + "/" + answer),
                Map.of());
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
    }

    private static final String ASK_EMAIL = "Sorry, no colleague is free right now. What is your e-mail address? We will get back to you.";

    @Test
    void anEmailTypedWhileWaitingIsTakenByTheEmailStepOfTheNoAgentPathInsteadOfAskingForIt() {
        Waiting w = waitingForOneAgent();
        Chat chat = w.chat();
        long hello = chat.say("Is anyone there?");
        long email = chat.say("vera@home.example");
        chat.say("Hello?");

        // The only agent declines: the no_agent exit leads to the e-mail question, which the e-mail typed meanwhile answers.
        answerOffer(w, "decline");
        chat.awaitBot(email, "Thank you! We will write to vera@home.example as soon as possible.");
        assertThat(chat.botTexts()).doesNotContain(ASK_EMAIL);
        JsonNode done = chat.awaitConversation(c -> "resolved".equals(c.path("status").asString()), "the story to end");
        assertThat(done.path("custom_attributes").path("email").asString()).isEqualTo("vera@home.example");
        // What was typed stays in the conversation as the visitor's messages.
        assertThat(chat.agentMessages()).filteredOn(m -> m.path("id").asLong() >= hello && m.path("message_type").asInt() == 0)
                .extracting(m -> m.path("content").asString()).containsExactly("Is anyone there?", "vera@home.example", "Hello?");
    }

    @Test
    void textTypedWhileWaitingThatTheNextStepDoesNotAcceptLeavesItAsking() {
        Waiting w = waitingForOneAgent();
        Chat chat = w.chat();
        long hello = chat.say("Is anyone there?");
        answerOffer(w, "decline");
        chat.awaitBot(hello, ASK_EMAIL);
        chat.answer("vera@home.example", "Thank you! We will write to vera@home.example as soon as possible.");
    }

    @Test
    void textTypedWhileWaitingIsShownToTheAgentWhoTakesOverAndIsNoAnswerToTheStoryAfterwards() {
        Waiting w = waitingForOneAgent();
        Chat chat = w.chat();
        long waiting = chat.say("5");
        answerOffer(w, "accept");

        assertThat(w.agent().api().get(path(chat, "/messages")).json().path("payload").valueStream()
                .filter(m -> m.path("id").asLong() == waiting).toList())
                .singleElement().satisfies(m -> {
                    assertThat(m.path("content").asString()).isEqualTo("5");
                    assertThat(m.path("message_type").asInt()).isZero();
                });
        // The agent ends: the survey is asked, not answered by the "5" that was written for the agent.
        assertThat(w.agent().api().post(path(chat, "/toggle_status"), Map.of("status", "resolved")).status()).isEqualTo(200);
        chat.awaitBot(waiting, SURVEY);
        assertThat(chat.conversation().path("custom_attributes").has("satisfaction")).isFalse();
    }

    private JsonNode contact(Chat chat) {
        return chat.world.admin.api().get(chat.world.path("/contacts/" + chat.visitor.contactId())).json().path("payload");
    }

    @Test
    void afterTheDemoStoryTheContactHasTheFirstNameAndEmailTheVisitorGave() {
        Waiting w = waitingForOneAgent();
        Chat chat = w.chat();
        answerOffer(w, "decline");
        chat.awaitBot(ASK_EMAIL);
        chat.answer("vera at home", "That does not look like an e-mail address. Please try again.");
        chat.answer("Vera@Home.example", "Thank you! We will write to Vera@Home.example as soon as possible.");

        JsonNode contact = contact(chat);
        assertThat(contact.path("name").asString()).isEqualTo("Vera");
        assertThat(contact.path("email").asString()).isEqualTo("vera@home.example");
    }

    @Test
    void anAnswerThatIsNoEmailIsNotWrittenToTheContactsEmail() {
        Fixtures.World world = fixtures.world();
        Chat.automate(world, Map.of("story_id", Chat.publish(world, Chat.json("""
                {'start': 'mail', 'steps': {
                  'mail': {'type': 'ask', 'text': 'Your e-mail?', 'variable': 'email', 'contact_field': 'email', 'next': 'bye'},
                  'bye': {'type': 'end', 'text': 'Noted: {{email}}'}}}"""))));
        Chat chat = Chat.open(world, "Visitor");
        chat.awaitBot("Your e-mail?");
        chat.answer("ask my assistant", "Noted: ask my assistant");

        assertThat(contact(chat).path("email").isNull() || contact(chat).path("email").asString().isEmpty()).isTrue();
    }
}
