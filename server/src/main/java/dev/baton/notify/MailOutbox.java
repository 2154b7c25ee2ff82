package dev.baton.notify;

import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Queues e-mails in the same transaction as the change that causes them; {@link OutboxWorker} sends them
 * after commit, with retries, so a briefly unreachable SMTP server loses nothing.
 */
@Service
public class MailOutbox {

    private final OutboxRepository repository;
    private final JsonMapper json;
    private final Clock clock;

    MailOutbox(OutboxRepository repository, JsonMapper json, Clock clock) {
        this.repository = repository;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public void queue(Long accountId, Mail mail) {
        repository.insert(accountId, "email", json.writeValueAsString(mail), clock.instant());
    }
}
