package dev.baton.shared;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Text that arrives in JSON bodies must be storable as sent: PostgreSQL refuses NUL in text (a 500)
 * and turns a lone UTF-16 surrogate into '?' (silent loss). Both are refused at the edge with a 400
 * {@code invalid_characters}, for every string value and map key of every request body.
 */
@Configuration(proxyBeanMethods = false)
class TextInput {

    @Bean
    JsonMapperBuilderCustomizer refuseUnstorableText() {
        SimpleModule module = new SimpleModule("baton-text-input");
        module.addDeserializer(String.class, new CheckedStrings());
        module.addKeyDeserializer(String.class, new CheckedKeys());
        return builder -> builder.addModule(module);
    }

    /** The index of the first character that cannot be stored, or -1. */
    static int firstInvalid(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    static String check(String text) {
        if (text != null && firstInvalid(text) >= 0) {
            throw new BatonException(ErrorCode.INVALID_CHARACTERS);
        }
        return text;
    }

    private static final class CheckedStrings extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            return check(super.deserialize(p, ctxt));
        }
    }

    private static final class CheckedKeys extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) {
            return check(key);
        }
    }
}
