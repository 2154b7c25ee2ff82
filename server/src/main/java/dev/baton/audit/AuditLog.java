package dev.baton.audit;

import dev.baton.account.AccountChanged;
import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.shared.BatonException;
import dev.baton.shared.JsonText;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The account's audit log (docs/adr/0028, 0048): features that change an account's settings call {@link #record} in
 * the transaction of the change, so an entry exists exactly when the change committed. {@code account}, which
 * {@code audit} depends on, publishes {@link AccountChanged} instead, heard here in that same transaction.
 * Administrators read the log. {@code audit} knows only {@code account} (the actor, the administrator check).
 */
@Service
public class AuditLog {

    /** The auditable types, Chatwoot's model names. */
    public static final String INBOX = "Inbox";
    public static final String TEAM = "Team";
    public static final String WEBHOOK = "Webhook";
    public static final String STORY = "Story";
    public static final String AGENT_BOT = "AgentBot";
    public static final String SLACK_CONNECTION = "SlackConnection";
    public static final String CONTACT = "Contact";
    /** A CSV import of contacts, one entry per import (Chatwoot's {@code DataImport}). */
    public static final String DATA_IMPORT = "DataImport";
    public static final String CUSTOM_ATTRIBUTE_DEFINITION = "CustomAttributeDefinition";
    public static final String CANNED_RESPONSE = "CannedResponse";
    public static final String LABEL = "Label";
    public static final String WRAP_UP_REASON = "WrapUpReason";
    static final Set<String> TYPES = Set.of(INBOX, TEAM, WEBHOOK, STORY, AGENT_BOT, SLACK_CONNECTION, CONTACT, DATA_IMPORT,
            CUSTOM_ATTRIBUTE_DEFINITION, CANNED_RESPONSE, LABEL, WRAP_UP_REASON,
            AccountChanged.ACCOUNT, AccountChanged.ACCOUNT_USER, AccountChanged.INVITATION);

    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String DESTROY = "destroy";
    /** A story's draft became its new published version. */
    public static final String PUBLISH = "publish";
    /** A new access token (the token itself is never logged). */
    public static final String RESET_TOKEN = "reset_access_token";
    /** Two contacts became one; the entry is the base contact's. */
    public static final String MERGE = "merge";
    /** Slack revoked the connection's token (the app was removed from the workspace): the system's entry. */
    public static final String REVOKE = "revoke";
    /** What a secret shows as among the changes. */
    public static final String REDACTED = "[redacted]";

    static final int DEFAULT_PAGE = 25;
    static final int MAX_PAGE = 100;

    private final AuditRepository repository;
    private final AccountService accounts;
    private final Clock clock;

    AuditLog(AuditRepository repository, AccountService accounts, Clock clock) {
        this.repository = repository;
        this.accounts = accounts;
        this.clock = clock;
    }

    /**
     * Records one change in the caller's transaction. {@code changes}: for {@code create} the new values, for
     * {@code update} {@code field → [before, after]} (see {@link #diff}), for {@code destroy} the last values.
     * An update that changed nothing is not recorded. {@code name} is what changed as people call it ("Website");
     * a null {@code actor} is the system.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(long accountId, CurrentUser actor, String type, long id, String name, String action,
                       Map<String, ?> changes) {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown auditable type " + type);
        }
        if (UPDATE.equals(action) && changes.isEmpty()) {
            return;
        }
        Long userId = actor == null || actor.isBot() ? null : actor.id();
        String username = actor == null ? null : actor.isBot() ? actor.name() : actor.email();
        String actorName = actor == null ? null : actor.name();
        repository.insert(accountId, type, id, shortened(name), action, userId, username, shortened(actorName),
                JsonText.write(changes), clock.instant());
    }

    /** {@code account}'s changes, in their transaction: the same entry as if {@code account} had called {@link #record}. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(AccountChanged change) {
        Map<String, ?> changes = switch (change.action()) {
            case AccountChanged.UPDATE -> diff(change.before(), change.after());
            case AccountChanged.DESTROY -> change.before();
            default -> change.after();
        };
        record(change.accountId(), change.actor(), change.subject(), change.subjectId(), change.subjectName(), change.action(),
                changes);
    }

    private static String shortened(String name) {
        return name == null || name.length() <= 200 ? name : name.substring(0, 199) + "…";
    }

    /** Chatwoot's audited changes of an update: each field whose value differs, as {@code [before, after]}. */
    public static Map<String, List<Object>> diff(Map<String, ?> before, Map<String, ?> after) {
        Map<String, List<Object>> changes = new LinkedHashMap<>();
        after.forEach((field, value) -> {
            Object old = before.get(field);
            if (!Objects.equals(old, value)) {
                changes.put(field, java.util.Arrays.asList(old, value));
            }
        });
        return changes;
    }

    /** Newest first, {@code before} an entry's id; administrators only. */
    List<AuditEntry> page(long accountId, CurrentUser actor, String type, Long userId, Long before, Integer perPage) {
        accounts.requireAdministrator(accountId, actor);
        if (type != null && !TYPES.contains(type)) {
            throw BatonException.invalid("auditable_type", "inclusion", "auditable_type must be one of " + TYPES.stream().sorted().toList());
        }
        if (before != null && before < 1) {
            throw BatonException.invalid("before", "range", "before must be 1 or more");
        }
        int size = perPage == null ? DEFAULT_PAGE : perPage;
        if (size < 1 || size > MAX_PAGE) {
            throw BatonException.invalid("per_page", "range", "per_page must be between 1 and " + MAX_PAGE);
        }
        if (userId != null && userId < 1) {
            throw BatonException.invalid("user_id", "range", "user_id must be 1 or more");
        }
        return repository.page(accountId, type, userId, before, size);
    }

    long count(long accountId, String type, Long userId) {
        return repository.count(accountId, type, userId);
    }
}
