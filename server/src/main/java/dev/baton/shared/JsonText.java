package dev.baton.shared;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Free-form attribute maps (custom attributes, content attributes) are stored as JSON text. */
public final class JsonText {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };
    private static final TypeReference<java.util.List<String>> STRINGS = new TypeReference<>() { };

    private JsonText() {
    }

    public static Map<String, Object> readMap(String json) {
        if (json == null || json.isBlank()) {
            return new LinkedHashMap<>();
        }
        return MAPPER.readValue(json, MAP);
    }

    /** A JSON array of strings (null or blank: empty). */
    public static java.util.List<String> readStrings(String json) {
        if (json == null || json.isBlank()) {
            return java.util.List.of();
        }
        return MAPPER.readValue(json, STRINGS);
    }

    public static String write(Object value) {
        return value == null ? null : MAPPER.writeValueAsString(value);
    }
}
