package dev.baton.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTests {

    private static final String PSEUDONYM = "{{first_name}} ({{company}})";

    @Test
    void interpolatesVariablesAndLeavesUnknownOnesEmpty() {
        assertThat(Templates.interpolate("Hi {{ first_name }}{{missing}}!", Map.of("first_name", "Nora"))).isEqualTo("Hi Nora!");
    }

    @Test
    void aNameCollapsesThePartsWhoseVariablesAreEmpty() {
        assertThat(Templates.name(PSEUDONYM, Map.of("first_name", "Nora", "company", "Firn AG"))).isEqualTo("Nora (Firn AG)");
        assertThat(Templates.name(PSEUDONYM, Map.of("first_name", "Nora"))).isEqualTo("Nora");
        assertThat(Templates.name(PSEUDONYM, Map.of("first_name", "Nora", "company", "  "))).isEqualTo("Nora");
        assertThat(Templates.name(PSEUDONYM, Map.of("company", "Firn AG"))).isEqualTo("(Firn AG)");
        assertThat(Templates.name(PSEUDONYM, Map.of())).isEmpty();
        assertThat(Templates.name("{{first_name}} · {{company}}", Map.of("company", "Firn AG"))).isEqualTo("Firn AG");
        assertThat(Templates.name("{{first_name}}, {{city}}, {{company}}", Map.of("first_name", "Nora", "company", "Firn")))
                .isEqualTo("Nora, Firn");
        assertThat(Templates.name("{{first_name}}   [{{id}}]", Map.of("first_name", "Nora"))).isEqualTo("Nora");
    }
}
