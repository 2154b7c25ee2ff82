package dev.baton.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What is left of a visitor's e-mail answer once their mail program's additions are cut. */
class ReplyTextTests {

    @Test
    void cutsAWrappedGmailAttributionAndTheQuoteBelowIt() {
        assertThat(ReplyText.strip("""
                Yes, please send it again.

                On Thu, 3 Dec 2026 at 17:00, Alpine Outfitters <reply+abc@shop.example>
                wrote:
                > Your order left our warehouse today.
                """)).isEqualTo("Yes, please send it again.");
    }

    @Test
    void cutsGermanFrenchAndItalianAttributions() {
        assertThat(ReplyText.strip("Danke!\n\nAm 03.12.2026 um 17:00 schrieb Shop <chat@shop.example>:\n> Hallo")).isEqualTo("Danke!");
        assertThat(ReplyText.strip("Merci !\n\nLe jeu. 3 déc. 2026 à 17:00, Shop a écrit :\n> Bonjour")).isEqualTo("Merci !");
        assertThat(ReplyText.strip("Grazie!\n\nIl giorno gio 3 dic 2026 alle 17:00 Shop ha scritto:\n> Ciao")).isEqualTo("Grazie!");
    }

    @Test
    void cutsSignaturesOutlookHeadersAndBatonsOwnTranscript() {
        assertThat(ReplyText.strip("Thanks\n-- \nVera\nCEO")).isEqualTo("Thanks");
        assertThat(ReplyText.strip("Thanks\n\nSent from my iPhone")).isEqualTo("Thanks");
        assertThat(ReplyText.strip("Thanks\r\n\r\n-----Original Message-----\r\nFrom: Shop <chat@shop.example>\r\n")).isEqualTo("Thanks");
        assertThat(ReplyText.strip("Thanks\n\nFrom: Shop <chat@shop.example>\nSent: Thursday")).isEqualTo("Thanks");
        assertThat(ReplyText.strip("Thanks\n\n-- Conversation so far --\n[You] Hello")).isEqualTo("Thanks");
    }

    @Test
    void keepsTheVisitorsOwnLinesAndQuotesInTheMiddleAreDropped() {
        assertThat(ReplyText.strip("First line\n> quoted\nSecond line\n")).isEqualTo("First line\nSecond line");
        assertThat(ReplyText.strip("On my way home I noticed the parcel is missing.")).isEqualTo("On my way home I noticed the parcel is missing.");
        assertThat(ReplyText.strip(null)).isEmpty();
    }
}
