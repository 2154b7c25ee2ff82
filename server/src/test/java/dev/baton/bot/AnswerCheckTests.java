package dev.baton.bot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerCheckTests {

    @Test
    void textAcceptsAnythingNotBlankUpToTheLimit() {
        assertThat(AnswerCheck.valid("text", "", "Anna")).isTrue();
        assertThat(AnswerCheck.valid(null, null, "Anna")).isTrue();
        assertThat(AnswerCheck.valid("text", "", "  ")).isFalse();
        assertThat(AnswerCheck.valid("text", "", null)).isFalse();
        assertThat(AnswerCheck.valid("text", "", "x".repeat(AnswerCheck.MAX_ANSWER))).isTrue();
        assertThat(AnswerCheck.valid("text", "", "x".repeat(AnswerCheck.MAX_ANSWER + 1))).isFalse();
        assertThat(AnswerCheck.valid("text", "", "x".repeat(10_000))).isFalse();
    }

    @Test
    void email() {
        assertThat(AnswerCheck.valid("email", "", "anna@shop.example")).isTrue();
        assertThat(AnswerCheck.valid("email", "", " anna@shop.example ")).isTrue();
        assertThat(AnswerCheck.valid("email", "", "anna")).isFalse();
        assertThat(AnswerCheck.valid("email", "", "anna@shop")).isFalse();
        assertThat(AnswerCheck.valid("email", "", "an na@shop.example")).isFalse();
    }

    @Test
    void phone() {
        assertThat(AnswerCheck.valid("phone", "", "+41 44 123 45 67")).isTrue();
        assertThat(AnswerCheck.valid("phone", "", "(044) 123-45-67")).isTrue();
        assertThat(AnswerCheck.valid("phone", "", "call me")).isFalse();
        assertThat(AnswerCheck.valid("phone", "", "123")).isFalse();
    }

    @Test
    void number() {
        assertThat(AnswerCheck.valid("number", "", "42")).isTrue();
        assertThat(AnswerCheck.valid("number", "", "-3,5")).isTrue();
        assertThat(AnswerCheck.valid("number", "", "3.14")).isTrue();
        assertThat(AnswerCheck.valid("number", "", "four")).isFalse();
        assertThat(AnswerCheck.valid("number", "", "4 apples")).isFalse();
    }

    @Test
    void regexMatchesTheWholeAnswer() {
        assertThat(AnswerCheck.valid("regex", "[1-5]", "3")).isTrue();
        assertThat(AnswerCheck.valid("regex", "[1-5]", " 3 ")).isTrue();
        assertThat(AnswerCheck.valid("regex", "[1-5]", "35")).isFalse();
        assertThat(AnswerCheck.valid("regex", "^[^\\d@]{1,40}$", "Anna")).isTrue();
        assertThat(AnswerCheck.valid("regex", "^[^\\d@]{1,40}$", "anna@x")).isFalse();
    }

    @Test
    void aRegexThatBacktracksCatastrophicallyGivesUpAndTheAnswerCountsAsNotMatching() {
        // (a+)+b on "aaa…a!" tries 2^60 ways to split the a's before failing; the read budget stops it.
        String hostile = "a".repeat(60) + "!";
        assertThat(AnswerCheck.valid("regex", "(a+)+b", hostile)).isFalse();
        // The same pattern still accepts what it should.
        assertThat(AnswerCheck.valid("regex", "(a+)+b", "aaab")).isTrue();
    }

    @Test
    void anOrdinaryRegexOnTheLongestAllowedAnswerStaysWithinTheBudget() {
        String longest = "Bergsport AG ".repeat(40).substring(0, AnswerCheck.MAX_ANSWER - 1) + "x";
        assertThat(AnswerCheck.valid("regex", "[A-Za-z ]{1,500}", longest)).isTrue();
        assertThat(AnswerCheck.valid("regex", "(\\w+\\s?)+", longest.replace(' ', '_'))).isTrue();
    }
}
