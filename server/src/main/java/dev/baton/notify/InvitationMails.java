package dev.baton.notify;

import dev.baton.account.InvitationIssued;
import java.util.Locale;
import org.springframework.context.event.EventListener;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;

/**
 * The invitation e-mail (ADR 0021): the link to accept, in the invitee's language (else the account's). Queued in the
 * outbox in the transaction that made the invitation, so a rolled-back invitation sends nothing and a sent one is
 * never lost.
 */
@Component
class InvitationMails {

    private final MailOutbox outbox;
    private final Links links;
    private final ResourceBundleMessageSource texts = new ResourceBundleMessageSource();

    InvitationMails(MailOutbox outbox, Links links) {
        this.outbox = outbox;
        this.links = links;
        texts.setBasename("i18n/notify");
        texts.setDefaultEncoding("UTF-8");
        texts.setFallbackToSystemLocale(false);
        texts.setAlwaysUseMessageFormat(true);
    }

    @EventListener
    void onInvitationIssued(InvitationIssued event) {
        Locale locale = Locale.forLanguageTag(event.locale() == null ? "en" : event.locale());
        String link = links.baseUrl() + "/app/invitations/" + event.token();
        String inviter = event.inviterName() == null ? event.accountName() : event.inviterName();
        String body = text(locale, "greeting", event.name()) + "\n\n"
                + text(locale, "intro", inviter, event.accountName()) + "\n\n"
                + text(locale, event.signUp() ? "sign_up" : "sign_in", link) + "\n\n"
                + text(locale, "expiry") + "\n\n"
                + "-- \n" + text(locale, "footer");
        outbox.queue(event.accountId(), new Mail(event.email(), text(locale, "subject", event.accountName()), body));
    }

    private String text(Locale locale, String key, Object... args) {
        return texts.getMessage("invitation_mail." + key, args, locale);
    }
}
