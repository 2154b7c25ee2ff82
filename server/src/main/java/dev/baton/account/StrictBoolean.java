package dev.baton.account;

import dev.baton.shared.BatonException;
import dev.baton.shared.Names;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * A preference switch takes JSON {@code true} or {@code false} only. Jackson would otherwise read {@code "false"},
 * {@code 0} or {@code ""} as a boolean and store a choice nobody made; refused as a field error (422, code
 * {@code invalid_type}) so that forms show it next to the switch.
 */
class StrictBoolean extends ValueDeserializer<Boolean> {

    @Override
    public Boolean deserialize(JsonParser p, DeserializationContext context) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_TRUE) {
            return Boolean.TRUE;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return Boolean.FALSE;
        }
        String field = Names.snake(String.valueOf(p.currentName()));
        if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
            p.skipChildren();
        }
        throw BatonException.invalid(field, "invalid_type", field + " must be true or false");
    }
}
