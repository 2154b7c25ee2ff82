package dev.baton.bot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A story's languages (ADR 0054): a text is either one string for every language or an object with one string per
 * language the story lists in {@code languages}. A conversation runs in the language it started with when the story
 * has it, else in the account's language when the story has that, else in the story's first language.
 */
final class StoryLanguage {

    /** The languages Baton's workspace and widget speak; a story's texts are given in some of them. */
    static final Set<String> SUPPORTED = Set.of("en", "de", "fr", "it");

    private StoryLanguage() {
    }

    /** The story's {@code languages}, in its order; empty for a story with one text per field. */
    static List<String> of(JsonNode definition) {
        List<String> out = new ArrayList<>();
        definition.path("languages").forEach(l -> out.add(l.asString("")));
        return out;
    }

    /**
     * The language a conversation's story speaks: the conversation's (the widget's) language, else the account's,
     * else the story's first; null for a story with one text per field.
     */
    static String choose(JsonNode definition, String conversationLanguage, String accountLanguage) {
        List<String> languages = of(definition);
        if (languages.isEmpty()) {
            return null;
        }
        for (String wanted : new String[] {primary(conversationLanguage), primary(accountLanguage)}) {
            if (wanted != null && languages.contains(wanted)) {
                return wanted;
            }
        }
        return languages.getFirst();
    }

    /** The text in this language: a plain string as it is, else the language's entry, else the first entry. */
    static String text(JsonNode field, String language) {
        if (field.isObject()) {
            JsonNode chosen = language == null ? field.path("") : field.path(language);
            if (chosen.isString()) {
                return chosen.asString();
            }
            for (JsonNode any : field) {
                return any.asString("");
            }
            return "";
        }
        return field.asString("");
    }

    /** Whether the visitor's words are this text in any of its languages (a button pressed in the widget sends its title). */
    static boolean sameText(JsonNode field, String words) {
        if (field.isObject()) {
            for (JsonNode each : field) {
                if (each.asString("").equalsIgnoreCase(words)) {
                    return true;
                }
            }
            return false;
        }
        return field.asString("").equalsIgnoreCase(words);
    }

    /** "de-CH" is "de"; null or blank is null. */
    static String primary(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        return tag.strip().toLowerCase(Locale.ROOT).split("[-_]")[0];
    }
}
