package dev.baton.channel.email;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Follow-up by e-mail ({@code baton.follow-up.*}, docs/configuration.md). {@code replyAddress}: the mailbox visitors'
 * answers go to, as {@code <local>+<token>@<domain>} (empty: {@code baton.smtp.from}); {@code linkValidity}: how long
 * a link that reopens the chat works; {@code imap}: where the answers are fetched from (off by default).
 */
@ConfigurationProperties("baton.follow-up")
public record FollowUpSettings(@DefaultValue("") String replyAddress, @DefaultValue("14d") Duration linkValidity,
                               @DefaultValue Imap imap) {

    public record Imap(@DefaultValue("false") boolean enabled, @DefaultValue("") String host, @DefaultValue("993") int port,
                       @DefaultValue("") String username, @DefaultValue("") String password,
                       @DefaultValue("true") boolean tls, @DefaultValue("60s") Duration interval,
                       @DefaultValue("INBOX") String folder) {
    }
}
