package dev.baton.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class RequestLanguageTests {

    @Test
    void answersInTheLanguageOfAcceptLanguageWhenBatonSpeaksIt() {
        assertThat(RequestLanguage.of(asking("de"))).isEqualTo(Locale.GERMAN);
        assertThat(RequestLanguage.of(asking("fr"))).isEqualTo(Locale.FRENCH);
        assertThat(RequestLanguage.of(asking("it"))).isEqualTo(Locale.ITALIAN);
        assertThat(RequestLanguage.of(asking("en"))).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void aRegionalTagCountsForItsLanguage() {
        assertThat(RequestLanguage.of(asking("de-CH"))).isEqualTo(Locale.GERMAN);
        assertThat(RequestLanguage.of(asking("fr-CH,fr;q=0.9,en;q=0.5"))).isEqualTo(Locale.FRENCH);
        assertThat(RequestLanguage.of(asking("it-IT"))).isEqualTo(Locale.ITALIAN);
    }

    @Test
    void answersInEnglishForAnyOtherLanguageOrWithoutTheHeader() {
        assertThat(RequestLanguage.of(asking("ja"))).isEqualTo(Locale.ENGLISH);
        assertThat(RequestLanguage.of(asking("pt-BR"))).isEqualTo(Locale.ENGLISH);
        assertThat(RequestLanguage.of(asking("*"))).isEqualTo(Locale.ENGLISH);
        assertThat(RequestLanguage.of(new MockHttpServletRequest())).isEqualTo(Locale.ENGLISH);
    }

    private static MockHttpServletRequest asking(String acceptLanguage) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Accept-Language", acceptLanguage);
        return request;
    }
}
