package dev.baton.bot;

/**
 * A visitor answered the story's satisfaction survey: an {@code ask} or {@code choice} step whose variable is
 * {@code satisfaction} (or {@code csat}), answered with a whole number from 1 to 5. Published in the story's
 * transaction; {@code messageId} is the answer, which makes the event unique for durable reactions (reports).
 */
public record SurveyAnswered(long accountId, long conversationId, long inboxId, long messageId, int rating) {

    /** The variables a survey's answer goes to. */
    static boolean isSurvey(String variable) {
        return "satisfaction".equals(variable) || "csat".equals(variable);
    }

    /** The rating in an answer, or 0 when it is not one from 1 to 5. */
    static int rating(String answer) {
        String a = answer == null ? "" : answer.strip();
        return a.length() == 1 && a.charAt(0) >= '1' && a.charAt(0) <= '5' ? a.charAt(0) - '0' : 0;
    }
}
