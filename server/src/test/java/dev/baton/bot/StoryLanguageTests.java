package dev.baton.bot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StoryLanguageTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String text) {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static final JsonNode GERMAN_FIRST = json("{'languages': ['de', 'en', 'fr']}");

    @Test
    void theConversationsLanguageWinsWhenTheStoryHasIt() {
        assertThat(StoryLanguage.choose(GERMAN_FIRST, "fr", "en")).isEqualTo("fr");
        assertThat(StoryLanguage.choose(GERMAN_FIRST, "fr-CH", "en")).isEqualTo("fr");
        assertThat(StoryLanguage.choose(GERMAN_FIRST, "EN_gb", "de")).isEqualTo("en");
    }

    @Test
    void elseTheAccountsLanguageElseTheStorysFirst() {
        assertThat(StoryLanguage.choose(GERMAN_FIRST, "it", "en")).isEqualTo("en");
        assertThat(StoryLanguage.choose(GERMAN_FIRST, null, "fr")).isEqualTo("fr");
        assertThat(StoryLanguage.choose(GERMAN_FIRST, "it", "it")).isEqualTo("de");
        assertThat(StoryLanguage.choose(GERMAN_FIRST, " ", null)).isEqualTo("de");
    }

    @Test
    void aStoryWithOneTextPerFieldHasNoLanguageToChoose() {
        assertThat(StoryLanguage.choose(json("{'start': 'a'}"), "de", "en")).isNull();
    }

    @Test
    void aTextIsTheLanguagesEntryAPlainStringServesEveryLanguage() {
        JsonNode text = json("{'en': 'Hi', 'de': 'Hallo'}");
        assertThat(StoryLanguage.text(text, "de")).isEqualTo("Hallo");
        assertThat(StoryLanguage.text(text, "fr")).isEqualTo("Hi");
        assertThat(StoryLanguage.text(text, null)).isEqualTo("Hi");
        assertThat(StoryLanguage.text(json("'Alpine'"), "it")).isEqualTo("Alpine");
    }

    @Test
    void aButtonIsPressedInAnyOfItsLanguages() {
        JsonNode title = json("{'en': 'Returns', 'de': 'Rücksendungen'}");
        assertThat(StoryLanguage.sameText(title, "rücksendungen")).isTrue();
        assertThat(StoryLanguage.sameText(title, "Returns")).isTrue();
        assertThat(StoryLanguage.sameText(title, "Retours")).isFalse();
        assertThat(StoryLanguage.sameText(json("'OK'"), "ok")).isTrue();
    }
}
