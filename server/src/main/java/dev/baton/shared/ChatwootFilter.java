package dev.baton.shared;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chatwoot's filter body ({@code POST /conversations/filter}, {@code POST /contacts/filter}):
 * {@code {"payload": [{attribute_key, filter_operator, values, query_operator}]}}. Baton's lists filter by a
 * conjunction of conditions, one per key, so only {@code AND} (or nothing, after the last condition) joins them;
 * anything else is refused with the field that says why, never silently ignored.
 */
public record ChatwootFilter(Map<String, Condition> conditions) {

    /** One condition: the operator and its values, as sent. */
    public record Condition(String operator, List<String> values) {

        /** The single value an {@code equal_to} on a scalar needs. */
        public String single(String field) {
            if (values.size() != 1) {
                throw BatonException.invalid(field + ".values", "length", "values must have exactly one value for this key");
            }
            return values.getFirst();
        }
    }

    /** A request body as Jackson reads it: {@code {"payload": [...]}}. */
    public static ChatwootFilter parse(Map<String, Object> body, Set<String> operators) {
        Object payload = body == null ? null : body.get("payload");
        if (!(payload instanceof List<?> list) || list.isEmpty()) {
            throw BatonException.invalid("payload", "required", "payload must be a non-empty list of conditions");
        }
        if (list.size() > 20) {
            throw BatonException.invalid("payload", "length", "payload may have at most 20 conditions");
        }
        Map<String, Condition> conditions = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "payload." + i;
            if (!(list.get(i) instanceof Map<?, ?> entry)) {
                throw BatonException.invalid(field, "invalid_type", "each condition must be an object");
            }
            String key = text(entry.get("attribute_key"), field + ".attribute_key");
            String operator = text(entry.get("filter_operator"), field + ".filter_operator");
            if (!operators.contains(operator)) {
                throw BatonException.invalid(field + ".filter_operator", "inclusion",
                        "filter_operator must be one of " + String.join(", ", operators.stream().sorted().toList()));
            }
            Object queryOperator = entry.get("query_operator");
            if (queryOperator != null && !"and".equalsIgnoreCase(queryOperator.toString()) && i < list.size() - 1) {
                throw BatonException.invalid(field + ".query_operator", "inclusion", "only AND joins conditions");
            }
            List<String> values = new ArrayList<>();
            Object raw = entry.get("values");
            if (raw instanceof List<?> items) {
                for (Object item : items) {
                    values.add(item instanceof Map<?, ?> m && m.get("id") != null ? m.get("id").toString() : String.valueOf(item));
                }
            } else if (raw != null) {
                values.add(raw.toString());
            }
            if (values.isEmpty() || values.size() > 20) {
                throw BatonException.invalid(field + ".values", "length", "values must have 1 to 20 values");
            }
            if (conditions.put(key, new Condition(operator, List.copyOf(values))) != null) {
                throw BatonException.invalid(field + ".attribute_key", "taken", "each attribute_key may be used once");
            }
        }
        return new ChatwootFilter(conditions);
    }

    private static String text(Object value, String field) {
        if (value == null || value.toString().isBlank()) {
            throw BatonException.invalid(field, "required", field.substring(field.lastIndexOf('.') + 1) + " is required");
        }
        return value.toString();
    }
}
