package dev.baton.shared;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code {{variable}}} interpolation for bot texts and pseudonyms; unknown variables become empty. */
public final class Templates {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    /** Brackets left empty ("()", "[ ]"), and separators with nothing on one side. */
    private static final Pattern EMPTY_BRACKETS = Pattern.compile("\\(\\s*\\)|\\[\\s*]|\\{\\s*}|<\\s*>");
    private static final Pattern EDGE_SEPARATORS = Pattern.compile("^[\\s,;:/|·–—-]+|[\\s,;:/|·–—-]+$");
    private static final Pattern DOUBLE_SEPARATORS = Pattern.compile("([,;/|·–—-])(\\s*[,;/|·–—-])+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private Templates() {
    }

    /**
     * A name from a template such as {@code {{first_name}} ({{company}})}: the parts whose variables are empty
     * collapse ("Nora ()" is "Nora", "· Firn AG" is "Firn AG"), and so do runs of spaces. Empty when nothing is left.
     */
    public static String name(String template, Map<String, ?> variables) {
        String text = interpolate(template, variables);
        if (text == null) {
            return "";
        }
        String before;
        do {
            before = text;
            text = EMPTY_BRACKETS.matcher(text).replaceAll("");
            text = DOUBLE_SEPARATORS.matcher(text).replaceAll("$1");
            text = SPACES.matcher(text).replaceAll(" ");
            text = EDGE_SEPARATORS.matcher(text).replaceAll("");
        } while (!text.equals(before));
        return text.strip();
    }

    public static String interpolate(String template, Map<String, ?> variables) {
        if (template == null) {
            return null;
        }
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = variables.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value.toString()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
