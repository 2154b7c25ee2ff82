package dev.baton.bot;

import java.util.regex.Pattern;

/** Validation of what a visitor typed into an {@code ask} step. */
final class AnswerCheck {

    static final int MAX_ANSWER = 500;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()./-]{5,30}");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+([.,]\\d+)?");

    private AnswerCheck() {
    }

    static boolean valid(String kind, String pattern, String answer) {
        if (answer == null || answer.isBlank() || answer.length() > MAX_ANSWER) {
            return false;
        }
        String a = answer.strip();
        return switch (kind == null ? "text" : kind) {
            case "email" -> EMAIL.matcher(a).matches();
            case "phone" -> PHONE.matcher(a).matches();
            case "number" -> NUMBER.matcher(a).matches();
            case "regex" -> Pattern.compile(pattern).matcher(a).matches();
            default -> true;
        };
    }
}
