package dev.baton.notify;

import dev.baton.shared.BatonProperties;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends what the outbox holds: over SMTP when {@code baton.smtp.host} is set, otherwise to the log. A failed
 * send is retried with exponential backoff (30 s, 1 min, 2 min, ... up to 1 h), and given up after 10 tries. A
 * handoff e-mail is checked when it falls due and skipped when it is no longer wanted ({@link HandoffMails#unwanted}).
 */
@Component
class OutboxWorker {

    private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);
    private static final int MAX_ATTEMPTS = 10;

    private final OutboxRepository repository;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final BatonProperties.Smtp smtp;
    private final JavaMailSenderImpl sender;
    private final HandoffMails handoffMails;

    OutboxWorker(OutboxRepository repository, TransactionTemplate transactions, JsonMapper json, Clock clock,
                 BatonProperties properties, HandoffMails handoffMails) {
        this.handoffMails = handoffMails;
        this.repository = repository;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.smtp = properties.smtp();
        this.sender = smtp.configured() ? sender(smtp) : null;
    }

    private static JavaMailSenderImpl sender(BatonProperties.Smtp smtp) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(smtp.host());
        sender.setPort(smtp.port());
        if (!smtp.username().isBlank()) {
            sender.setUsername(smtp.username());
            sender.setPassword(smtp.password());
        }
        Properties p = sender.getJavaMailProperties();
        p.put("mail.smtp.auth", String.valueOf(!smtp.username().isBlank()));
        p.put("mail.smtp.starttls.enable", String.valueOf(smtp.starttls()));
        p.put("mail.smtp.connectiontimeout", "5000");
        p.put("mail.smtp.timeout", "10000");
        p.put("mail.smtp.writetimeout", "10000");
        return sender;
    }

    @Scheduled(fixedDelayString = "${baton.outbox.interval:2s}")
    void tick() {
        try {
            drain();
        } catch (RuntimeException e) {
            log.warn("Outbox run failed; next run retries", e);
        }
    }

    /** Sends every due entry (tests call it directly). */
    void drain() {
        while (true) {
            Integer handled = transactions.execute(status -> {
                Instant now = clock.instant();
                List<OutboxRepository.Entry> due = repository.lockDue(now, 20);
                for (OutboxRepository.Entry entry : due) {
                    try {
                        Mail mail;
                        if (HandoffMails.KIND.equals(entry.kind())) {
                            HandoffMails.Entry handoffMail = json.readValue(entry.payload(), HandoffMails.Entry.class);
                            String unwanted = handoffMails.unwanted(entry.accountId(), handoffMail);
                            if (unwanted != null) {
                                repository.skipped(entry.id(), unwanted);
                                continue;
                            }
                            mail = handoffMail.mail();
                        } else {
                            mail = json.readValue(entry.payload(), Mail.class);
                        }
                        send(mail);
                        repository.sent(entry.id(), now);
                    } catch (Exception e) {
                        int attempts = entry.attempts() + 1;
                        Duration wait = Duration.ofSeconds(Math.min(3600, 30L << Math.min(attempts - 1, 7)));
                        repository.failed(entry.id(), attempts, now.plus(wait), attempts >= MAX_ATTEMPTS, String.valueOf(e.getMessage()));
                        log.warn("Sending outbox entry {} failed (attempt {}): {}", entry.id(), attempts, e.getMessage());
                    }
                }
                return due.size();
            });
            if (handled == null || handled < 20) {
                return;
            }
        }
    }

    private void send(Mail mail) throws Exception {
        if (sender == null) {
            log.info("E-mail (no SMTP configured, so logged instead) to {}: {}\n{}", mail.to(), mail.subject(), mail.body());
            return;
        }
        MimeMessage message = mail.messageId() == null ? sender.createMimeMessage() : withMessageId(mail.messageId());
        MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
        helper.setFrom(smtp.from());
        helper.setTo(mail.to());
        helper.setSubject(mail.subject());
        helper.setText(mail.body(), false);
        if (mail.replyTo() != null) {
            helper.setReplyTo(mail.replyTo());
        }
        if (mail.references() != null && !mail.references().isEmpty()) {
            message.setHeader("In-Reply-To", "<" + mail.references().getLast() + ">");
            message.setHeader("References", String.join(" ", mail.references().stream().map(id -> "<" + id + ">").toList()));
        }
        sender.send(message);
    }

    /** A message that keeps the Message-ID it was given (Jakarta Mail would make up its own when it is sent). */
    private MimeMessage withMessageId(String messageId) {
        return new MimeMessage(sender.getSession()) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", "<" + messageId + ">");
            }
        };
    }
}
