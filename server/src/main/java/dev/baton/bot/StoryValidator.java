package dev.baton.bot;

import dev.baton.routing.Handoff;
import dev.baton.shared.FieldProblem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * Checks a story document and says where it is wrong: each problem names the step and field
 * ({@code steps.ask_name.next}) — unknown step ids, missing exits, unreachable steps, and loops
 * that would run forever because no step in them waits for the visitor.
 */
final class StoryValidator {

    static final Set<String> TYPES = Set.of("message", "ask", "choice", "condition", "set", "note", "handoff", "email",
            "goto", "end");
    /** Steps that wait for the visitor (or for people): a loop through one of them cannot spin. */
    static final Set<String> WAITING = Set.of("ask", "choice", "handoff");
    static final Set<String> VALIDATIONS = Set.of("text", "email", "phone", "number", "regex");
    static final Set<String> OPERATORS = Set.of("equals", "not_equals", "contains", "empty", "not_empty", "greater_than",
            "less_than");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,49}");
    static final int MAX_STEPS = 500;

    private StoryValidator() {
    }

    static List<FieldProblem> validate(JsonNode story) {
        List<FieldProblem> problems = new ArrayList<>();
        if (story == null || !story.isObject()) {
            problems.add(new FieldProblem("definition", "type", "a story is a JSON object with start and steps"));
            return problems;
        }
        JsonNode steps = story.path("steps");
        if (!steps.isObject() || steps.isEmpty()) {
            problems.add(new FieldProblem("steps", "required", "steps must be an object with at least one step"));
            return problems;
        }
        if (steps.size() > MAX_STEPS) {
            problems.add(new FieldProblem("steps", "length", "a story has at most " + MAX_STEPS + " steps"));
            return problems;
        }
        List<String> languages = languages(problems, story);
        Set<String> ids = new LinkedHashSet<>(steps.propertyNames());
        String start = story.path("start").asString(null);
        if (start == null) {
            problems.add(new FieldProblem("start", "required", "start must name the first step"));
        } else if (!ids.contains(start)) {
            problems.add(new FieldProblem("start", "unknown_step", "start names no step: " + start));
        }
        Map<String, List<String>> edges = new HashMap<>();
        for (String id : ids) {
            if (!ID.matcher(id).matches()) {
                problems.add(new FieldProblem("steps." + id, "format", "step ids have 1 to 100 letters, digits, '-' or '_'"));
            }
            JsonNode step = steps.path(id);
            List<String> out = new ArrayList<>();
            edges.put(id, out);
            String type = step.path("type").asString(null);
            String at = "steps." + id;
            if (type == null || !TYPES.contains(type)) {
                problems.add(new FieldProblem(at + ".type", "inclusion", "type must be one of " + String.join(", ", TYPES.stream().sorted().toList())));
                continue;
            }
            if (step.has("contact_field") && !"ask".equals(type)) {
                problems.add(new FieldProblem(at + ".contact_field", "not_allowed", "only an ask step writes its answer to the contact"));
            }
            switch (type) {
                case "message", "note" -> {
                    text(problems, step, at, "text", true, languages);
                    ref(problems, step, at, "next", ids, out);
                }
                case "ask" -> {
                    text(problems, step, at, "text", true, languages);
                    variable(problems, step, at);
                    String validate = step.path("validate").asString("text");
                    if (!VALIDATIONS.contains(validate)) {
                        problems.add(new FieldProblem(at + ".validate", "inclusion", "validate must be text, email, phone, number or regex"));
                    } else if ("regex".equals(validate)) {
                        try {
                            Pattern.compile(step.path("pattern").asString(""));
                            if (step.path("pattern").asString("").isEmpty()) {
                                problems.add(new FieldProblem(at + ".pattern", "required", "a regex check needs a pattern"));
                            }
                        } catch (PatternSyntaxException e) {
                            problems.add(new FieldProblem(at + ".pattern", "format", "pattern is not a valid regular expression"));
                        }
                    }
                    text(problems, step, at, "retry", false, languages);
                    contactField(problems, step, at, validate);
                    ref(problems, step, at, "next", ids, out);
                }
                case "choice" -> {
                    text(problems, step, at, "text", true, languages);
                    JsonNode options = step.path("options");
                    if (!options.isArray() || options.isEmpty() || options.size() > 10) {
                        problems.add(new FieldProblem(at + ".options", "length", "a choice has 1 to 10 options"));
                    } else {
                        for (int i = 0; i < options.size(); i++) {
                            JsonNode option = options.get(i);
                            String titleAt = at + ".options[" + i + "].title";
                            translated(problems, option.path("title"), titleAt, languages, title -> {
                                if (title.isBlank() || title.length() > 80) {
                                    problems.add(new FieldProblem(titleAt, "length", "an option's title has 1 to 80 characters"));
                                }
                            });
                            if (option.has("value") && (!option.path("value").isString() || option.path("value").asString().length() > 200)) {
                                problems.add(new FieldProblem(at + ".options[" + i + "].value", "length", "an option's value is text of at most 200 characters"));
                            }
                            ref(problems, option, at + ".options[" + i + "]", "next", ids, out);
                        }
                    }
                    if (step.has("variable")) {
                        variable(problems, step, at);
                    }
                }
                case "condition" -> {
                    JsonNode rules = step.path("rules");
                    if (!rules.isArray() || rules.isEmpty()) {
                        problems.add(new FieldProblem(at + ".rules", "required", "a condition needs at least one rule"));
                    } else {
                        for (int i = 0; i < rules.size(); i++) {
                            JsonNode rule = rules.get(i);
                            String where = at + ".rules[" + i + "]";
                            if (!VARIABLE.matcher(rule.path("variable").asString("")).matches()) {
                                problems.add(new FieldProblem(where + ".variable", "format", "a rule names a variable"));
                            }
                            if (!OPERATORS.contains(rule.path("op").asString(""))) {
                                problems.add(new FieldProblem(where + ".op", "inclusion", "op must be one of " + String.join(", ", OPERATORS.stream().sorted().toList())));
                            }
                            ref(problems, rule, where, "next", ids, out);
                        }
                    }
                    ref(problems, step, at, "else", ids, out);
                }
                case "set" -> {
                    variable(problems, step, at);
                    if (!step.path("value").isString()) {
                        problems.add(new FieldProblem(at + ".value", "required", "set needs a value (text, may use {{variables}})"));
                    }
                    ref(problems, step, at, "next", ids, out);
                }
                case "handoff" -> {
                    text(problems, step, at, "text", false, languages);
                    if (step.has("team_id") && !step.path("team_id").isIntegralNumber()) {
                        problems.add(new FieldProblem(at + ".team_id", "invalid_type", "team_id is a number"));
                    }
                    JsonNode exits = step.path("exits");
                    for (String exit : List.of("handled", "declined", "no_agent")) {
                        if (!exits.has(exit)) {
                            problems.add(new FieldProblem(at + ".exits." + exit, "missing_exit", "the handoff needs its " + exit + " exit"));
                        } else {
                            ref(problems, exits, at + ".exits", exit, ids, out);
                        }
                    }
                    if (exits.has(Handoff.CLOSED)) { // optional: no_agent outside business hours goes there instead
                        ref(problems, exits, at + ".exits", Handoff.CLOSED, ids, out);
                    }
                }
                case "email" -> {
                    String to = step.path("to").asString("");
                    if (!"inbox".equals(to) && !to.contains("{{") && !to.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                        problems.add(new FieldProblem(at + ".to", "email", "to is an e-mail address, a {{variable}}, or \"inbox\""));
                    }
                    text(problems, step, at, "subject", false, languages);
                    ref(problems, step, at, "next", ids, out);
                }
                case "goto" -> ref(problems, step, at, "target", ids, out);
                case "end" -> text(problems, step, at, "text", false, languages);
                default -> { }
            }
        }
        if (start != null && ids.contains(start) && problems.stream().noneMatch(p -> "unknown_step".equals(p.code()))) {
            Set<String> reached = reachable(start, edges);
            for (String id : ids) {
                if (!reached.contains(id)) {
                    problems.add(new FieldProblem("steps." + id, "unreachable", "no path from the start leads to this step"));
                }
            }
            String spinning = loopWithoutInput(steps, edges);
            if (spinning != null) {
                problems.add(new FieldProblem("steps." + spinning, "loop_without_input",
                        "this step is in a loop in which no step waits for the visitor (ask, choice or handoff)"));
            }
        }
        return problems;
    }

    private static void text(List<FieldProblem> problems, JsonNode step, String at, String field, boolean required,
                             List<String> languages) {
        JsonNode value = step.path(field);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                problems.add(new FieldProblem(at + "." + field, "required", field + " is required"));
            }
            return;
        }
        String where = at + "." + field;
        translated(problems, value, where, languages, text -> {
            if (text.length() > 4000 || (required && text.isBlank())) {
                problems.add(new FieldProblem(where, "length", field + " is text of 1 to 4000 characters"));
            }
        });
    }

    /** The story's {@code languages}: 1 to 4 of en, de, fr, it, each once; empty when the story gives one text per field. */
    private static List<String> languages(List<FieldProblem> problems, JsonNode story) {
        JsonNode given = story.path("languages");
        if (given.isMissingNode() || given.isNull()) {
            return List.of();
        }
        List<String> languages = StoryLanguage.of(story);
        if (!given.isArray() || languages.isEmpty() || !StoryLanguage.SUPPORTED.containsAll(languages)
                || new HashSet<>(languages).size() != languages.size()) {
            problems.add(new FieldProblem("languages", "inclusion", "languages lists each of en, de, fr, it at most once"));
            return List.of();
        }
        return languages;
    }

    /**
     * A text given once (a string, for every language) or per language (an object with a string for each of the
     * story's languages): a missing one is a {@code missing_translation} at {@code field.language}.
     */
    private static void translated(List<FieldProblem> problems, JsonNode value, String where, List<String> languages,
                                   java.util.function.Consumer<String> check) {
        if (value.isString() || value.isMissingNode() || value.isNull()) {
            check.accept(value.asString(""));
            return;
        }
        if (!value.isObject()) {
            problems.add(new FieldProblem(where, "length", "text is a string, or an object with one string per language"));
            return;
        }
        if (languages.isEmpty()) {
            problems.add(new FieldProblem(where, "languages_required", "a text per language needs the story's languages"));
            return;
        }
        for (String language : value.propertyNames()) {
            if (!languages.contains(language)) {
                problems.add(new FieldProblem(where + "." + language, "inclusion", "the story's languages are " + String.join(", ", languages)));
            }
        }
        for (String language : languages) {
            JsonNode text = value.path(language);
            if (!text.isString() || text.asString().isBlank()) {
                problems.add(new FieldProblem(where + "." + language, "missing_translation", "the text in " + language + " is missing"));
            } else {
                check.accept(text.asString());
            }
        }
    }

    /** The contact field an ask step fills, and a check that can let such an answer through. */
    private static void contactField(List<FieldProblem> problems, JsonNode step, String at, String validate) {
        if (!step.has("contact_field")) {
            return;
        }
        String field = step.path("contact_field").asString("");
        Set<String> fitting = switch (field) {
            case "name" -> VALIDATIONS;
            case "email" -> Set.of("email", "text", "regex");
            case "phone_number" -> Set.of("phone", "text", "regex");
            default -> null;
        };
        if (fitting == null) {
            problems.add(new FieldProblem(at + ".contact_field", "inclusion", "contact_field must be name, email or phone_number"));
        } else if (!fitting.contains(validate)) {
            problems.add(new FieldProblem(at + ".contact_field", "validate_mismatch",
                    "an answer checked as " + validate + " cannot be the contact's " + field));
        }
    }

    private static void variable(List<FieldProblem> problems, JsonNode step, String at) {
        if (!VARIABLE.matcher(step.path("variable").asString("")).matches()) {
            problems.add(new FieldProblem(at + ".variable", "format", "variable is a name like first_name"));
        }
    }

    private static void ref(List<FieldProblem> problems, JsonNode node, String at, String field, Set<String> ids, List<String> out) {
        String target = node.path(field).asString(null);
        if (target == null) {
            problems.add(new FieldProblem(at + "." + field, "missing_exit", field + " must name the next step"));
        } else if (!ids.contains(target)) {
            problems.add(new FieldProblem(at + "." + field, "unknown_step", field + " names no step: " + target));
        } else {
            out.add(target);
        }
    }

    private static Set<String> reachable(String start, Map<String, List<String>> edges) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (seen.add(id)) {
                todo.addAll(edges.getOrDefault(id, List.of()));
            }
        }
        return seen;
    }

    /** A step on a cycle made only of steps that do not wait, or null. */
    private static String loopWithoutInput(JsonNode steps, Map<String, List<String>> edges) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
        for (String id : edges.keySet()) {
            String found = cycleFrom(id, steps, edges, state);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String cycleFrom(String id, JsonNode steps, Map<String, List<String>> edges, Map<String, Integer> state) {
        if (WAITING.contains(steps.path(id).path("type").asString(""))) {
            return null;
        }
        Integer s = state.get(id);
        if (s != null) {
            return s == 1 ? id : null;
        }
        state.put(id, 1);
        for (String next : edges.getOrDefault(id, List.of())) {
            String found = cycleFrom(next, steps, edges, state);
            if (found != null) {
                return found;
            }
        }
        state.put(id, 2);
        return null;
    }
}
