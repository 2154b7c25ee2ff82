package dev.baton.bot;

import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Validation of what a visitor typed into an {@code ask} step. */
final class AnswerCheck {

    static final int MAX_ANSWER = 500;
    /**
     * How many character reads an admin's regex may make on one answer. A pattern that backtracks
     * catastrophically (say {@code (a+)+$}) would otherwise hold a request thread for minutes on a
     * visitor's 500 characters; a budget in reads, not in time, gives the same answer on any machine.
     */
    static final long REGEX_READ_BUDGET = 2_000_000;
    private static final Logger log = LoggerFactory.getLogger(AnswerCheck.class);
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
            case "regex" -> matchesWithinBudget(Pattern.compile(pattern), a);
            default -> true;
        };
    }

    /** Over budget counts as "does not match": the visitor is asked again, and the admin is told in the log. */
    static boolean matchesWithinBudget(Pattern pattern, String answer) {
        try {
            return pattern.matcher(new BudgetedChars(answer, REGEX_READ_BUDGET)).matches();
        } catch (BudgetedChars.Exhausted e) {
            log.warn("The story's regex {} gave up on an answer of {} characters: it backtracks too much; simplify it",
                    pattern.pattern(), answer.length());
            return false;
        }
    }

    /** A string whose reads are counted; the regex engine reads only through {@link #charAt}. */
    private record BudgetedChars(String text, long[] left) implements CharSequence {

        static final class Exhausted extends RuntimeException {
            Exhausted() {
                super(null, null, false, false);
            }
        }

        BudgetedChars(String text, long budget) {
            this(text, new long[] {budget});
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new Exhausted();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedChars(text.substring(start, end), left);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
