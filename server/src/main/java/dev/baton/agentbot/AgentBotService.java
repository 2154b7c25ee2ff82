package dev.baton.agentbot;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.shared.BatonException;
import dev.baton.shared.Tokens;
import dev.baton.webhook.Endpoint;
import dev.baton.webhook.Signing;
import dev.baton.webhook.WebhookEndpoints;
import java.time.Clock;
import java.time.Instant;
import dev.baton.audit.AuditLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Chatwoot's account agent bots (administrators only): each has an access token (shown when it is made or reset;
 * stored hashed) and a webhook endpoint of its own (owner {@code agent_bot}) that signs what it is sent with its
 * {@code whsec_} secret. Binding a bot to an inbox ({@link #setInboxBot}) replaces the inbox's story.
 */
@Service
public class AgentBotService {

    /** A bot as made or changed; a null field keeps its value on update. */
    public record Draft(String name, String description, String outgoingUrl, String avatarUrl, List<String> events,
                        Integer maxFailures, Integer replyDeadlineSeconds) {
    }

    /** The bot with what only its administrator sees: the endpoint (its secret) and, once, the access token. */
    public record Full(AgentBot bot, Endpoint endpoint, String accessToken) {
    }

    static final String OWNER = "agent_bot";
    static final int MAX_PER_ACCOUNT = 100;

    private final AgentBotRepository repository;
    private final ThreadRepository threads;
    private final AccountService accounts;
    private final InboxService inboxes;
    private final WebhookEndpoints endpoints;
    private final Clock clock;
    private final AuditLog audit;

    AgentBotService(AgentBotRepository repository, ThreadRepository threads, AccountService accounts, InboxService inboxes, WebhookEndpoints endpoints,
                    Clock clock, AuditLog audit) {
        this.audit = audit;
        this.repository = repository;
        this.threads = threads;
        this.accounts = accounts;
        this.inboxes = inboxes;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    @Transactional
    public Full create(long accountId, CurrentUser actor, Draft d) {
        accounts.requireAdministrator(accountId, actor);
        if (repository.count(accountId) >= MAX_PER_ACCOUNT) {
            throw BatonException.invalid("name", "limit", "an account can have at most " + MAX_PER_ACCOUNT + " agent bots");
        }
        String name = name(d.name(), true);
        List<String> events = events(d.events());
        if (d.outgoingUrl() == null || d.outgoingUrl().isBlank()) {
            throw BatonException.invalid("outgoing_url", "required", "outgoing_url is required");
        }
        Instant now = clock.instant();
        String token = Tokens.random(24);
        AgentBot draft = new AgentBot(0, accountId, name, text("description", d.description(), 1000),
                d.outgoingUrl().strip(), url("avatar_url", d.avatarUrl()), events, 0,
                range("max_failures", d.maxFailures(), 3, 1, 20), range("reply_deadline_seconds", d.replyDeadlineSeconds(), 30, 1, 600),
                now, now);
        long id = repository.insert(draft, Tokens.hash(token));
        Endpoint endpoint = endpoints.register(accountId, OWNER, id, name, draft.outgoingUrl(), events, Signing.STANDARD_AND_CHATWOOT);
        AgentBot bot = new AgentBot(id, accountId, name, draft.description(), endpoint.url(), draft.avatarUrl(), events,
                endpoint.id(), draft.maxFailures(), draft.replyDeadlineSeconds(), now, now);
        repository.update(bot);
        audit.record(accountId, actor, AuditLog.AGENT_BOT, id, name, AuditLog.CREATE, audited(bot));
        return new Full(bot, endpoint, token);
    }

    @Transactional
    public Full update(long accountId, CurrentUser actor, long botId, Draft d) {
        accounts.requireAdministrator(accountId, actor);
        AgentBot b = repository.findLocked(accountId, botId).orElseThrow(() -> BatonException.notFound("Agent bot"));
        String name = d.name() == null ? b.name() : name(d.name(), true);
        List<String> events = d.events() == null ? b.events() : events(d.events());
        Endpoint endpoint = endpoints.change(accountId, b.endpointId(), new WebhookEndpoints.Change(name,
                d.outgoingUrl() == null ? null : d.outgoingUrl().strip(), events, null));
        AgentBot updated = new AgentBot(b.id(), accountId, name,
                d.description() == null ? b.description() : text("description", d.description(), 1000), endpoint.url(),
                d.avatarUrl() == null ? b.avatarUrl() : url("avatar_url", d.avatarUrl()), events, b.endpointId(),
                range("max_failures", d.maxFailures(), b.maxFailures(), 1, 20),
                range("reply_deadline_seconds", d.replyDeadlineSeconds(), b.replyDeadlineSeconds(), 1, 600),
                b.createdAt(), clock.instant());
        repository.update(updated);
        audit.record(accountId, actor, AuditLog.AGENT_BOT, botId, b.name(), AuditLog.UPDATE,
                AuditLog.diff(audited(b), audited(updated)));
        return new Full(updated, endpoint, null);
    }

    /** A new access token; the old one stops working at once. */
    @Transactional
    public Full resetAccessToken(long accountId, CurrentUser actor, long botId) {
        Full full = get(accountId, actor, botId);
        String token = Tokens.random(24);
        repository.updateTokenHash(accountId, botId, Tokens.hash(token));
        audit.record(accountId, actor, AuditLog.AGENT_BOT, botId, full.bot().name(), AuditLog.RESET_TOKEN,
                Map.of("access_token", Arrays.asList(AuditLog.REDACTED, AuditLog.REDACTED)));
        return new Full(full.bot(), full.endpoint(), token);
    }

    /** Deletes the bot and its endpoint; its inboxes go on without a bot (new conversations go to people). */
    @Transactional
    public void delete(long accountId, CurrentUser actor, long botId) {
        accounts.requireAdministrator(accountId, actor);
        AgentBot b = repository.findLocked(accountId, botId).orElseThrow(() -> BatonException.notFound("Agent bot"));
        for (Long inboxId : inboxes.inboxesWithAgentBot(accountId, botId)) {
            inboxes.setAgentBot(accountId, inboxId, null);
        }
        repository.delete(accountId, botId);
        endpoints.remove(accountId, b.endpointId());
        audit.record(accountId, actor, AuditLog.AGENT_BOT, botId, b.name(), AuditLog.DESTROY, audited(b));
    }

    private static Map<String, Object> bots(Long primary, List<Long> secondaries) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent_bot_id", primary);
        m.put("secondary_agent_bots", secondaries);
        return m;
    }

    /** A bot as the audit log shows it: never its access token or signing secret. */
    private static Map<String, Object> audited(AgentBot b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", b.name());
        m.put("description", b.description());
        m.put("outgoing_url", b.outgoingUrl());
        m.put("avatar_url", b.avatarUrl());
        m.put("events", b.events());
        m.put("max_failures", b.maxFailures());
        m.put("reply_deadline_seconds", b.replyDeadlineSeconds());
        return m;
    }

    public Full get(long accountId, CurrentUser actor, long botId) {
        accounts.requireAdministrator(accountId, actor);
        AgentBot b = repository.find(accountId, botId).orElseThrow(() -> BatonException.notFound("Agent bot"));
        return new Full(b, endpoints.find(accountId, b.endpointId()).orElseThrow(), null);
    }

    /** The account's bots, oldest first (at most {@value #MAX_PER_ACCOUNT}, so one page). */
    public List<Full> list(long accountId, CurrentUser actor) {
        accounts.requireAdministrator(accountId, actor);
        List<Full> all = new ArrayList<>();
        for (AgentBot b : repository.list(accountId, 0, MAX_PER_ACCOUNT)) {
            all.add(new Full(b, endpoints.find(accountId, b.endpointId()).orElseThrow(), null));
        }
        return all;
    }

    public Optional<AgentBot> find(long accountId, long botId) {
        return repository.find(accountId, botId);
    }

    /**
     * Chatwoot's {@code set_agent_bot}: binds the bot to the inbox as its primary (instead of its story), or unbinds with
     * null; {@code secondaries} (Baton's, the handover protocol) replaces the inbox's secondary bots when given.
     */
    @Transactional
    public Inbox setInboxBot(long accountId, CurrentUser actor, long inboxId, Long botId, List<Long> secondaries) {
        accounts.requireAdministrator(accountId, actor);
        if (botId != null) {
            repository.find(accountId, botId).orElseThrow(() -> BatonException.notFound("Agent bot"));
        }
        Inbox before = inboxes.get(accountId, actor, inboxId);
        List<Long> secondariesBefore = threads.secondaries(inboxId);
        Inbox inbox = inboxes.setAgentBot(accountId, inboxId, botId);
        if (secondaries != null || botId == null) {
            List<Long> clean = secondaries == null ? List.of() : secondaries.stream().distinct().toList();
            if (clean.size() > 10) {
                throw BatonException.invalid("secondary_agent_bots", "length", "at most 10 secondary agent bots");
            }
            if (clean.contains(null) || repository.byIds(accountId, clean).size() != clean.size()) {
                throw BatonException.invalid("secondary_agent_bots", "unknown", "secondary_agent_bots names no agent bot of this account");
            }
            threads.replaceSecondaries(inboxId, clean.stream().filter(id -> !id.equals(botId)).toList());
        }
        audit.record(accountId, actor, AuditLog.INBOX, inboxId, before.name(), AuditLog.UPDATE, AuditLog.diff(
                bots(before.automation().agentBotId(), secondariesBefore), bots(botId, threads.secondaries(inboxId))));
        return inbox;
    }

    public List<Long> secondaries(long inboxId) {
        return threads.secondaries(inboxId);
    }

    /** The bot an inbox hands its conversations to (Chatwoot's {@code GET inboxes/{id}/agent_bot}). */
    public Optional<Full> ofInbox(long accountId, CurrentUser actor, long inboxId) {
        Inbox inbox = inboxes.get(accountId, actor, inboxId);
        Long botId = inbox.automation().agentBotId();
        return botId == null ? Optional.empty() : repository.find(accountId, botId)
                .map(b -> new Full(b, endpoints.find(accountId, b.endpointId()).orElseThrow(), null));
    }

    private static List<String> events(List<String> names) {
        if (names == null) {
            return AgentBotEvents.DEFAULT;
        }
        LinkedHashSet<String> clean = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String n : names) {
            if (n != null && AgentBotEvents.ALL.contains(n)) {
                clean.add(n);
            } else {
                unknown.add(String.valueOf(n).length() > 60 ? String.valueOf(n).substring(0, 60) : String.valueOf(n));
            }
        }
        if (!unknown.isEmpty()) {
            throw BatonException.invalid("events", "unknown_event", "events has unknown events: "
                    + String.join(", ", unknown.stream().limit(5).toList()) + "; known are " + String.join(", ", AgentBotEvents.ALL));
        }
        if (clean.isEmpty()) {
            throw BatonException.invalid("events", "required", "events must name at least one event");
        }
        return List.copyOf(clean);
    }

    private static int range(String field, Integer value, int otherwise, int min, int max) {
        if (value == null) {
            return otherwise;
        }
        if (value < min || value > max) {
            throw BatonException.invalid(field, "range", field + " must be " + min + " to " + max);
        }
        return value;
    }

    private static String name(String name, boolean required) {
        if (name == null || name.isBlank()) {
            if (required) {
                throw BatonException.invalid("name", "required", "name is required");
            }
            return null;
        }
        return text("name", name, 255);
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String clean = value.strip();
        if (clean.length() > max) {
            throw BatonException.invalid(field, "length", field + " must have at most " + max + " characters");
        }
        if (clean.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw BatonException.invalid(field, "format", field + " must not contain control characters");
        }
        return clean;
    }

    private static String url(String field, String value) {
        String clean = text(field, value, 2048);
        if (clean != null && !clean.matches("https?://\\S+")) {
            throw BatonException.invalid(field, "url", field + " must be an http or https URL");
        }
        return clean;
    }
}
