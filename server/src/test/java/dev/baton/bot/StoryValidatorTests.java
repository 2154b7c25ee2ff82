package dev.baton.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.shared.FieldProblem;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every kind of story error names the step and field it is about; valid stories pass. */
class StoryValidatorTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Single quotes for readability. */
    private static JsonNode story(String json) {
        return JSON.readTree(json.replace('\'', '"'));
    }

    private static List<FieldProblem> problems(String json) {
        return StoryValidator.validate(story(json));
    }

    private static List<String> fieldsAndCodes(String json) {
        return problems(json).stream().map(p -> p.field() + " " + p.code()).toList();
    }

    private static final String EVERY_STEP = """
            {'start': 'hello', 'steps': {
              'hello': {'type': 'message', 'text': 'Hi {{first_name}}', 'next': 'name'},
              'name': {'type': 'ask', 'text': 'Name?', 'variable': 'first_name', 'validate': 'regex', 'pattern': '[a-z]+',
                       'retry': 'Letters only', 'next': 'mail'},
              'mail': {'type': 'ask', 'text': 'Mail?', 'variable': 'email', 'validate': 'email', 'next': 'menu'},
              'menu': {'type': 'choice', 'text': 'Pick', 'variable': 'topic', 'options': [
                  {'title': 'A', 'next': 'check'}, {'title': 'B', 'next': 'live'}]},
              'check': {'type': 'condition', 'rules': [{'variable': 'topic', 'op': 'equals', 'value': 'A', 'next': 'mark'}],
                        'else': 'menu'},
              'mark': {'type': 'set', 'variable': 'seen', 'value': 'yes {{topic}}', 'next': 'note'},
              'note': {'type': 'note', 'text': 'For the agent', 'next': 'loop'},
              'loop': {'type': 'goto', 'target': 'menu'},
              'live': {'type': 'handoff', 'team_id': 3, 'text': 'Wait', 'exits':
                       {'handled': 'bye', 'declined': 'menu', 'no_agent': 'send'}},
              'send': {'type': 'email', 'to': 'inbox', 'subject': 'From {{first_name}}', 'next': 'bye'},
              'bye': {'type': 'end', 'text': 'Bye'}}}""";

    @Test
    void aStoryWithEveryStepTypeIsValid() {
        assertThat(problems(EVERY_STEP)).isEmpty();
    }

    @Test
    void theDemoStoryIsValidInItsFourLanguages() throws IOException {
        try (InputStream in = new ClassPathResource("demo/story.json").getInputStream()) {
            JsonNode demo = JSON.readTree(in);
            assertThat(StoryValidator.validate(demo)).isEmpty();
            assertThat(StoryLanguage.of(demo)).containsExactly("en", "de", "fr", "it");
        }
    }

    private static final String TWO_LANGUAGES = """
            {'languages': ['en', 'de'], 'start': 'menu', 'steps': {
              'menu': {'type': 'choice', 'text': {'en': 'Pick', 'de': 'Wählen'}, 'variable': 'topic', 'options': [
                  {'title': {'en': 'Yes', 'de': 'Ja'}, 'value': 'yes', 'next': 'bye'}, {'title': 'OK', 'next': 'bye'}]},
              'bye': {'type': 'end', 'text': {'en': 'Bye', 'de': 'Tschüss'}}}}""";

    @Test
    void aTextIsGivenOnceOrOncePerLanguageOfTheStory() {
        assertThat(problems(TWO_LANGUAGES)).isEmpty();
    }

    @Test
    void aMissingTranslationIsNamedByStepFieldAndLanguage() {
        String missing = TWO_LANGUAGES.replace("'de': 'Tschüss'", "'fr': 'Salut'").replace("{'en': 'Yes', 'de': 'Ja'}", "{'en': 'Yes'}");
        assertThat(fieldsAndCodes(missing)).containsExactlyInAnyOrder(
                "steps.bye.text.fr inclusion", "steps.bye.text.de missing_translation",
                "steps.menu.options[0].title.de missing_translation");
    }

    @Test
    void aTextPerLanguageNeedsTheStoryLanguagesAndTheyAreOfTheFourSupported() {
        assertThat(fieldsAndCodes(TWO_LANGUAGES.replace("'languages': ['en', 'de'], ", "")))
                .contains("steps.menu.text languages_required", "steps.bye.text languages_required");
        assertThat(fieldsAndCodes(TWO_LANGUAGES.replace("['en', 'de']", "['en', 'es']"))).contains("languages inclusion");
        assertThat(fieldsAndCodes(TWO_LANGUAGES.replace("['en', 'de']", "['en', 'en']"))).contains("languages inclusion");
    }

    @Test
    void aStoryIsAnObjectWithSteps() {
        assertThat(StoryValidator.validate(null)).extracting(FieldProblem::field).containsExactly("definition");
        assertThat(StoryValidator.validate(JSON.readTree("[]"))).extracting(FieldProblem::field).containsExactly("definition");
        assertThat(fieldsAndCodes("{'start': 'a'}")).containsExactly("steps required");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {}}")).containsExactly("steps required");
    }

    @Test
    void theStartMustNameAStep() {
        assertThat(fieldsAndCodes("{'steps': {'a': {'type': 'end'}}}")).containsExactly("start required");
        assertThat(fieldsAndCodes("{'start': 'b', 'steps': {'a': {'type': 'end'}}}")).containsExactly("start unknown_step");
    }

    @Test
    void tooManyStepsAreRefused() {
        StringBuilder s = new StringBuilder("{\"start\": \"s0\", \"steps\": {");
        for (int i = 0; i <= StoryValidator.MAX_STEPS; i++) {
            s.append(i == 0 ? "" : ",").append("\"s").append(i).append("\": {\"type\": \"end\"}");
        }
        assertThat(StoryValidator.validate(JSON.readTree(s.append("}}").toString())))
                .extracting(p -> p.field() + " " + p.code()).containsExactly("steps length");
    }

    @Test
    void anUnknownStepIdIsReportedWhereItIsNamed() {
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'message', 'text': 'x', 'next': 'nowhere'}}}"))
                .containsExactly("steps.a.next unknown_step");
        assertThat(fieldsAndCodes("""
                {'start': 'c', 'steps': {'c': {'type': 'choice', 'text': 'x', 'options': [{'title': 'A', 'next': 'gone'}]}}}"""))
                .containsExactly("steps.c.options[0].next unknown_step");
        assertThat(fieldsAndCodes("""
                {'start': 'c', 'steps': {'c': {'type': 'condition', 'rules': [{'variable': 'v', 'op': 'empty', 'next': 'x'}],
                 'else': 'y'}}}"""))
                .containsExactly("steps.c.rules[0].next unknown_step", "steps.c.else unknown_step");
        assertThat(fieldsAndCodes("{'start': 'g', 'steps': {'g': {'type': 'goto', 'target': 'z'}}}"))
                .containsExactly("steps.g.target unknown_step");
        assertThat(fieldsAndCodes("""
                {'start': 'h', 'steps': {'h': {'type': 'handoff', 'exits': {'handled': 'e', 'declined': 'e', 'no_agent': 'q'}},
                 'e': {'type': 'end'}}}"""))
                .containsExactly("steps.h.exits.no_agent unknown_step");
    }

    @Test
    void aMissingExitIsReportedForEveryStepTypeThatHasOne() {
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'message', 'text': 'x'}}}"))
                .containsExactly("steps.a.next missing_exit");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'ask', 'text': 'x', 'variable': 'v'}}}"))
                .containsExactly("steps.a.next missing_exit");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'note', 'text': 'x'}}}"))
                .containsExactly("steps.a.next missing_exit");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'set', 'variable': 'v', 'value': ''}}}"))
                .containsExactly("steps.a.next missing_exit");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'email', 'to': 'x@y.example'}}}"))
                .containsExactly("steps.a.next missing_exit");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'goto'}}}"))
                .containsExactly("steps.a.target missing_exit");
        assertThat(fieldsAndCodes("""
                {'start': 'a', 'steps': {'a': {'type': 'choice', 'text': 'x', 'options': [{'title': 'A'}]}}}"""))
                .containsExactly("steps.a.options[0].next missing_exit");
        assertThat(fieldsAndCodes("""
                {'start': 'a', 'steps': {'a': {'type': 'condition', 'rules': [{'variable': 'v', 'op': 'empty', 'next': 'e'}]},
                 'e': {'type': 'end'}}}"""))
                .containsExactly("steps.a.else missing_exit");
        assertThat(fieldsAndCodes("""
                {'start': 'h', 'steps': {'h': {'type': 'handoff', 'exits': {'handled': 'e'}}, 'e': {'type': 'end'}}}"""))
                .containsExactly("steps.h.exits.declined missing_exit", "steps.h.exits.no_agent missing_exit");
        assertThat(fieldsAndCodes("{'start': 'h', 'steps': {'h': {'type': 'handoff'}}}"))
                .containsExactly("steps.h.exits.handled missing_exit", "steps.h.exits.declined missing_exit",
                        "steps.h.exits.no_agent missing_exit");
    }

    @Test
    void stepsNoPathLeadsToAreUnreachable() {
        assertThat(fieldsAndCodes("""
                {'start': 'a', 'steps': {'a': {'type': 'end'}, 'orphan': {'type': 'message', 'text': 'x', 'next': 'later'},
                 'later': {'type': 'end'}}}"""))
                .containsExactlyInAnyOrder("steps.orphan unreachable", "steps.later unreachable");
    }

    @Test
    void aLoopInWhichNothingWaitsForTheVisitorIsRefused() {
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'goto', 'target': 'a'}}}"))
                .containsExactly("steps.a loop_without_input");
        List<FieldProblem> spin = problems("""
                {'start': 'a', 'steps': {'a': {'type': 'message', 'text': 'x', 'next': 'b'},
                 'b': {'type': 'set', 'variable': 'v', 'value': '1', 'next': 'c'},
                 'c': {'type': 'condition', 'rules': [{'variable': 'v', 'op': 'equals', 'value': '2', 'next': 'd'}], 'else': 'a'},
                 'd': {'type': 'end'}}}""");
        assertThat(spin).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("loop_without_input");
            assertThat(p.field()).isIn("steps.a", "steps.b", "steps.c");
        });
        // The same loop through an ask step waits for the visitor each time round: fine.
        assertThat(problems("""
                {'start': 'a', 'steps': {'a': {'type': 'message', 'text': 'x', 'next': 'b'},
                 'b': {'type': 'ask', 'text': 'again?', 'variable': 'v', 'next': 'c'},
                 'c': {'type': 'condition', 'rules': [{'variable': 'v', 'op': 'equals', 'value': '2', 'next': 'd'}], 'else': 'a'},
                 'd': {'type': 'end'}}}""")).isEmpty();
    }

    @Test
    void fieldsOfEachStepAreChecked() {
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'dance'}}}")).containsExactly("steps.a.type inclusion");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {}}}")).containsExactly("steps.a.type inclusion");
        assertThat(fieldsAndCodes("{'start': 'a b', 'steps': {'a b': {'type': 'end'}}}")).containsExactly("steps.a b format");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'message', 'next': 'b'}, 'b': {'type': 'end'}}}"))
                .containsExactly("steps.a.text required");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'message', 'text': ' ', 'next': 'b'}, 'b': {'type': 'end'}}}"))
                .containsExactly("steps.a.text length");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'ask', 'text': 'x', 'variable': '1st', 'next': 'b'}, "
                + "'b': {'type': 'end'}}}")).containsExactly("steps.a.variable format");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'ask', 'text': 'x', 'variable': 'v', 'validate': 'zip', "
                + "'next': 'b'}, 'b': {'type': 'end'}}}")).containsExactly("steps.a.validate inclusion");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'ask', 'text': 'x', 'variable': 'v', 'validate': 'regex', "
                + "'next': 'b'}, 'b': {'type': 'end'}}}")).containsExactly("steps.a.pattern required");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'ask', 'text': 'x', 'variable': 'v', 'validate': 'regex', "
                + "'pattern': '([a-z', 'next': 'b'}, 'b': {'type': 'end'}}}")).containsExactly("steps.a.pattern format");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'choice', 'text': 'x', 'options': []}}}"))
                .containsExactly("steps.a.options length");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'choice', 'text': 'x', 'options': [{'title': '', 'next': 'a'}]}}}"))
                .containsExactly("steps.a.options[0].title length");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'condition', 'rules': [], 'else': 'a'}}}"))
                .contains("steps.a.rules required");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'choice', 'text': 'x', 'options': [{'title': 'A', 'next': 'c'}]},"
                + "'c': {'type': 'condition', 'rules': [{'variable': '', 'op': 'like', 'next': 'a'}], 'else': 'a'}}}"))
                .containsExactly("steps.c.rules[0].variable format", "steps.c.rules[0].op inclusion");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'set', 'variable': 'v', 'next': 'b'}, 'b': {'type': 'end'}}}"))
                .containsExactly("steps.a.value required");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'email', 'to': 'nobody', 'next': 'b'}, 'b': {'type': 'end'}}}"))
                .containsExactly("steps.a.to email");
        assertThat(fieldsAndCodes("{'start': 'a', 'steps': {'a': {'type': 'email', 'to': '{{email}}', 'next': 'b'}, 'b': {'type': 'end'}}}"))
                .isEmpty();
        assertThat(fieldsAndCodes("{'start': 'h', 'steps': {'h': {'type': 'handoff', 'team_id': 'support', "
                + "'exits': {'handled': 'e', 'declined': 'e', 'no_agent': 'e'}}, 'e': {'type': 'end'}}}"))
                .containsExactly("steps.h.team_id invalid_type");
    }

    @Test
    void askStepsMayMapTheirAnswerToTheContactsNameEmailOrPhone() {
        assertThat(problems("""
                {'start': 'name', 'steps': {
                  'name': {'type': 'ask', 'text': 'Name?', 'variable': 'first_name', 'contact_field': 'name', 'next': 'mail'},
                  'mail': {'type': 'ask', 'text': 'Mail?', 'variable': 'email', 'validate': 'email', 'contact_field': 'email', 'next': 'tel'},
                  'tel': {'type': 'ask', 'text': 'Phone?', 'variable': 'tel', 'validate': 'phone', 'contact_field': 'phone_number',
                          'next': 'bye'},
                  'bye': {'type': 'end'}}}""")).isEmpty();
    }

    @Test
    void badContactMappingsAreNamedByStepAndField() {
        assertThat(fieldsAndCodes("""
                {'start': 'a', 'steps': {
                  'a': {'type': 'ask', 'text': 'Company?', 'variable': 'company', 'contact_field': 'company', 'next': 'b'},
                  'b': {'type': 'ask', 'text': 'Age?', 'variable': 'age', 'validate': 'number', 'contact_field': 'email', 'next': 'c'},
                  'c': {'type': 'ask', 'text': 'Mail?', 'variable': 'mail', 'validate': 'email', 'contact_field': 'phone_number',
                        'next': 'd'},
                  'd': {'type': 'choice', 'text': 'Pick', 'variable': 'topic', 'contact_field': 'name',
                        'options': [{'title': 'A', 'next': 'e'}]},
                  'e': {'type': 'message', 'text': 'Hi', 'contact_field': 'name', 'next': 'f'},
                  'f': {'type': 'ask', 'text': 'Name?', 'variable': 'n', 'contact_field': 7, 'next': 'g'},
                  'g': {'type': 'end'}}}""")).containsExactlyInAnyOrder(
                "steps.a.contact_field inclusion",
                "steps.b.contact_field validate_mismatch",
                "steps.c.contact_field validate_mismatch",
                "steps.d.contact_field not_allowed",
                "steps.e.contact_field not_allowed",
                "steps.f.contact_field inclusion");
    }
}
