package dev.baton.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The demo story in four languages (ADR 0054): a conversation runs in the language the widget opened it with, else
 * in the account's (English here); the bot's own words follow, the note for the agents stays in the account's.
 */
class StoryLanguageIntegrationTests extends IntegrationTest {

    private Fixtures.World demoWorld() {
        Fixtures.World world = fixtures.world();
        Chat.automate(world, Map.of("story_id", Chat.publish(world, Chat.demoStory())));
        return world;
    }

    @Test
    void aGermanWidgetGetsTheGermanStoryWithGermanButtonsAndRetries() {
        Chat chat = Chat.open(demoWorld(), "Visitor", Map.of("language", "de-CH"));
        chat.awaitBot("Wie ist Ihr Vorname?");
        assertThat(chat.botTexts()).startsWith("Hallo! Ich bin der Assistent von Alpine Outfitters.");
        chat.answer("Vera", "Schön, Sie kennenzulernen, Vera! Für welche Firma sind Sie tätig? (oder schreiben Sie «privat»)");
        JsonNode menu = chat.answer("Acme", "Wie kann ich Ihnen helfen, Vera?");
        assertThat(menu.path("content_attributes").path("items")).extracting(i -> i.path("title").asString())
                .containsExactly("Öffnungszeiten", "Versandkosten", "Rücksendungen", "Mit einem Menschen sprechen");
        // The bot's own words (not the story's) are German too.
        JsonNode again = chat.answer("Pizza", "Bitte wählen Sie eine der Schaltflächen.");
        assertThat(again.path("content_type").asString()).isEqualTo("input_select");
        chat.answer("Versandkosten", "Ab CHF 100 ist der Versand kostenlos, darunter kostet er CHF 9.");
        assertThat(chat.conversation().path("custom_attributes").path("topic").asString()).isEqualTo("Versandkosten");
        assertThat(chat.conversation().path("additional_attributes").path("widget_language").asString()).isEqualTo("de-CH");
    }

    @Test
    void aWidgetWithoutALanguageOrWithOneTheStoryLacksGetsTheAccountsLanguage() {
        Fixtures.World world = demoWorld();
        Chat.open(world, "Visitor").awaitBot("What's your first name?");
        Chat.open(world, "Visitor", Map.of("language", "es")).awaitBot("What's your first name?");
        Chat.open(world, "Visitor", Map.of("language", "it")).awaitBot("Qual è il suo nome?");
    }

    @Test
    void theNoteForTheAgentsIsInTheAccountsLanguage() {
        Chat chat = Chat.open(demoWorld(), "Visitor", Map.of("language", "fr"));
        chat.awaitBot("Quel est votre prénom ?");
        chat.answer("Vera", "Enchanté, Vera ! Pour quelle société travaillez-vous ? (ou écrivez « particulier »)");
        chat.answer("Acme", "Comment puis-je vous aider, Vera ?");
        chat.say("Parler à un conseiller");
        Chat.await(chat::agentMessages, all -> all.stream().anyMatch(m -> m.path("private").asBoolean()), "the bot's note");
        List<String> notes = chat.agentMessages().stream().filter(m -> m.path("private").asBoolean())
                .map(m -> m.path("content").asString()).toList();
        assertThat(notes).contains("Vera (Acme) asked for a person.");
    }

    @Test
    void aLanguageThatIsNoLanguageTagIsRefusedAndNoConversationOpens() {
        Fixtures.World world = demoWorld();
        Fixtures.Visitor visitor = world.visitor("Visitor");
        Api.Response refused = visitor.api().post(visitor.path() + "/conversations", Map.of("language", "<de>"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("language");
        assertThat(visitor.api().get(visitor.path() + "/conversations").json()).isEmpty();
    }
}
