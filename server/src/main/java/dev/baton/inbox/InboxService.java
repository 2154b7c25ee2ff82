package dev.baton.inbox;

import dev.baton.account.AccountService;
import dev.baton.audit.AuditLog;
import dev.baton.account.AgentMembershipChanged;
import dev.baton.account.AgentService;
import dev.baton.account.CurrentUser;
import dev.baton.account.Membership;
import dev.baton.shared.BatonException;
import dev.baton.shared.Paging;
import dev.baton.shared.Tokens;
import dev.baton.shared.TransactionMemo;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Inboxes (sites and API channels), their settings and who works in them. */
@Service
public class InboxService {

    /** The fields an administrator sets; null keeps the current value on update. */
    public record InboxSettings(String name, String channelType, String websiteUrl, String webhookUrl,
                                String widgetColor, String welcomeTitle, String welcomeTagline, String greetingMessage,
                                String locale, List<String> allowedOrigins, Boolean hmacMandatory) {
    }

    /** Which inboxes a member sees: all of them, or the listed ones. */
    public record Scope(boolean all, Set<Long> inboxIds) {
        public boolean includes(long inboxId) {
            return all || inboxIds.contains(inboxId);
        }
    }

    private final InboxRepository repository;
    private final TransactionMemo<Long, Inbox> byId = new TransactionMemo<>();
    private final TransactionMemo<String, Inbox> byIdentifier = new TransactionMemo<>();
    private final AccountService accounts;
    private final AgentService agents;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;

    InboxService(InboxRepository repository, AccountService accounts, AgentService agents, Clock clock,
                 ApplicationEventPublisher events, AuditLog audit) {
        this.audit = audit;
        this.repository = repository;
        this.accounts = accounts;
        this.agents = agents;
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    public Inbox create(long accountId, CurrentUser actor, InboxSettings settings) {
        accounts.requireAdministrator(accountId, actor);
        Inbox created = createInbox(accountId, settings);
        audit.record(accountId, actor, AuditLog.INBOX, created.id(), created.name(), AuditLog.CREATE, audited(created));
        return created;
    }

    /** The settings an administrator changes, as the audit log shows them (the identity secret never). */
    static java.util.Map<String, Object> audited(Inbox i) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", i.name());
        m.put("channel_type", i.channelType().name().toLowerCase(Locale.ROOT));
        m.put("website_url", i.websiteUrl());
        m.put("webhook_url", i.webhookUrl());
        m.put("widget_color", i.widgetColor());
        m.put("welcome_title", i.welcomeTitle());
        m.put("welcome_tagline", i.welcomeTagline());
        m.put("greeting_message", i.greetingMessage());
        m.put("locale", i.locale());
        m.put("allowed_origins", i.allowedOrigins());
        m.put("hmac_mandatory", i.hmacMandatory());
        return m;
    }

    /** Without an acting administrator: first start and demo data. */
    @Transactional
    public Inbox createInbox(long accountId, InboxSettings s) {
        accounts.account(accountId);
        ChannelType type = ChannelType.fromWire(s.channelType() == null ? null : s.channelType());
        Inbox inbox = new Inbox(0, accountId, text("name", s.name(), 200, true), type, Tokens.random(18),
                url("channel.website_url", s.websiteUrl()), url("channel.webhook_url", s.webhookUrl()),
                color(s.widgetColor()), text("channel.welcome_title", s.welcomeTitle(), 200, false),
                text("channel.welcome_tagline", s.welcomeTagline(), 500, false),
                text("greeting_message", s.greetingMessage(), 1000, false), locale(s.locale()),
                origins(s.allowedOrigins()), Tokens.random(24), Boolean.TRUE.equals(s.hmacMandatory()), clock.instant(),
                Inbox.Automation.NONE);
        long id = repository.insert(inbox);
        forgetInboxes();
        events.publishEvent(new InboxChanged(accountId, id, type, inbox.webhookUrl()));
        return repository.findById(id).orElseThrow();
    }

    @Transactional
    public Inbox update(long accountId, CurrentUser actor, long inboxId, InboxSettings s) {
        accounts.requireAdministrator(accountId, actor);
        Inbox c = require(accountId, inboxId);
        Inbox updated = new Inbox(c.id(), c.accountId(),
                s.name() == null ? c.name() : text("name", s.name(), 200, true), c.channelType(), c.identifier(),
                s.websiteUrl() == null ? c.websiteUrl() : url("channel.website_url", s.websiteUrl()),
                s.webhookUrl() == null ? c.webhookUrl() : url("channel.webhook_url", s.webhookUrl()),
                s.widgetColor() == null ? c.widgetColor() : color(s.widgetColor()),
                s.welcomeTitle() == null ? c.welcomeTitle() : text("channel.welcome_title", s.welcomeTitle(), 200, false),
                s.welcomeTagline() == null ? c.welcomeTagline() : text("channel.welcome_tagline", s.welcomeTagline(), 500, false),
                s.greetingMessage() == null ? c.greetingMessage() : text("greeting_message", s.greetingMessage(), 1000, false),
                s.locale() == null ? c.locale() : locale(s.locale()),
                s.allowedOrigins() == null ? c.allowedOrigins() : origins(s.allowedOrigins()),
                c.hmacToken(), s.hmacMandatory() == null ? c.hmacMandatory() : s.hmacMandatory(), c.createdAt(),
                c.automation());
        repository.update(updated);
        forgetInboxes();
        events.publishEvent(new InboxChanged(accountId, inboxId, updated.channelType(), updated.webhookUrl()));
        audit.record(accountId, actor, AuditLog.INBOX, inboxId, c.name(), AuditLog.UPDATE, AuditLog.diff(audited(c), audited(updated)));
        return updated;
    }

    /**
     * Sets the inbox's automation. The caller (the bot feature) has checked that the story and team belong
     * to the account; here the words and addresses are checked.
     */
    @Transactional
    public Inbox updateAutomation(long accountId, long inboxId, Inbox.Automation a) {
        Inbox inbox = require(accountId, inboxId);
        List<String> keywords = new ArrayList<>();
        for (String word : a.handoverKeywords() == null ? List.<String>of() : a.handoverKeywords()) {
            String clean = word == null ? "" : word.strip();
            if (clean.isEmpty() || clean.length() > 60 || clean.contains("\n")) {
                throw BatonException.invalid("handover_keywords", "format", "handover keywords have 1 to 60 characters");
            }
            if (!keywords.contains(clean.toLowerCase(Locale.ROOT))) {
                keywords.add(clean.toLowerCase(Locale.ROOT));
            }
        }
        if (keywords.size() > 50) {
            throw BatonException.invalid("handover_keywords", "length", "at most 50 handover keywords");
        }
        String template = text("pseudonym_template", a.pseudonymTemplate(), 200, false);
        String email = a.noAgentEmail() == null || a.noAgentEmail().isBlank() ? null : a.noAgentEmail().strip();
        if (email != null && (email.length() > 320 || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"))) {
            throw BatonException.invalid("no_agent_email", "email", "no_agent_email is not a valid e-mail address");
        }
        Inbox.Automation clean = new Inbox.Automation(a.storyId(), a.teamId(), keywords, template, email);
        repository.updateAutomation(accountId, inboxId, clean);
        forgetInboxes();
        return require(accountId, inbox.id());
    }

    /**
     * Chatwoot's {@code set_agent_bot}: the inbox hands its new conversations to this external bot (the caller, the
     * agentbot feature, has checked that the bot belongs to the account) instead of a story; null unbinds it.
     */
    @Transactional
    public Inbox setAgentBot(long accountId, long inboxId, Long agentBotId) {
        require(accountId, inboxId);
        repository.setAgentBot(accountId, inboxId, agentBotId);
        forgetInboxes();
        return require(accountId, inboxId);
    }

    /** The inboxes that hand their conversations to this bot. */
    public List<Long> inboxesWithAgentBot(long accountId, long agentBotId) {
        return repository.idsWithAgentBot(accountId, agentBotId);
    }

    public List<Inbox> list(long accountId, CurrentUser actor, Paging paging) {
        Membership member = accounts.requireMember(accountId, actor);
        return member.role().seesAllInboxes()
                ? repository.list(accountId, paging.size(), paging.offset())
                : repository.listForMember(accountId, actor.id(), paging.size(), paging.offset());
    }

    /** An inbox the caller may see; others answer 404 like foreign ids. */
    public Inbox get(long accountId, CurrentUser actor, long inboxId) {
        Membership member = accounts.requireMember(accountId, actor);
        Inbox inbox = require(accountId, inboxId);
        if (!member.role().seesAllInboxes() && !repository.isMember(inboxId, actor.id())) {
            throw BatonException.notFound("Inbox");
        }
        return inbox;
    }

    public Inbox require(long accountId, long inboxId) {
        return repository.find(accountId, inboxId).orElseThrow(() -> BatonException.notFound("Inbox"));
    }

    /** Read once per transaction (a visitor's message asks three times). */
    public Optional<Inbox> byId(long inboxId) {
        return byId.get(inboxId, repository::findById);
    }

    private void forgetInboxes() {
        byId.forget();
        byIdentifier.forget();
    }

    /** The inboxes of these ids that exist, in one query. */
    public List<Inbox> byIds(java.util.Collection<Long> inboxIds) {
        return repository.findByIds(inboxIds);
    }

    public Optional<Inbox> byIdentifier(String identifier) {
        if (identifier == null || identifier.length() > 64) {
            return Optional.empty();
        }
        Optional<Inbox> inbox = byIdentifier.get(identifier, repository::findByIdentifier);
        inbox.ifPresent(i -> byId.remember(i.id(), i));
        return inbox;
    }

    public Scope scope(Membership member) {
        if (member.role().seesAllInboxes()) {
            return new Scope(true, Set.of());
        }
        return new Scope(false, Set.copyOf(repository.inboxIdsOfMember(member.accountId(), member.userId())));
    }

    /** Everyone who sees the inbox's conversations: its members, administrators and supervisors. */
    public Set<Long> audience(long accountId, long inboxId) {
        Set<Long> users = new LinkedHashSet<>(agents.supervisingUserIds(accountId));
        users.addAll(repository.memberIds(inboxId));
        return users;
    }

    /** The agents explicitly added to an inbox (without administrators who see every inbox). */
    public List<Long> memberIds(long inboxId) {
        return repository.memberIds(inboxId);
    }

    /** The inboxes an agent was added to. */
    public List<Long> inboxIdsOf(long accountId, long userId) {
        return repository.inboxIdsOfMember(accountId, userId);
    }

    // ---- members (Chatwoot's /inbox_members)

    public List<Long> members(long accountId, CurrentUser actor, long inboxId) {
        get(accountId, actor, inboxId);
        return repository.memberIds(inboxId);
    }

    @Transactional
    public List<Long> addMembers(long accountId, CurrentUser actor, long inboxId, Collection<Long> userIds) {
        accounts.requireAdministrator(accountId, actor);
        require(accountId, inboxId);
        for (long userId : checkedMembers(accountId, userIds)) {
            repository.addMember(inboxId, userId);
        }
        events.publishEvent(new InboxMembersChanged(accountId, inboxId));
        return repository.memberIds(inboxId);
    }

    /** Adds without an acting administrator (demo data). */
    @Transactional
    public void addMember(long accountId, long inboxId, long userId) {
        require(accountId, inboxId);
        repository.addMember(inboxId, checkedMembers(accountId, List.of(userId)).getFirst());
        events.publishEvent(new InboxMembersChanged(accountId, inboxId));
    }

    @Transactional
    public List<Long> replaceMembers(long accountId, CurrentUser actor, long inboxId, Collection<Long> userIds) {
        accounts.requireAdministrator(accountId, actor);
        require(accountId, inboxId);
        List<Long> wanted = checkedMembers(accountId, userIds);
        List<Long> gone = new ArrayList<>(repository.memberIds(inboxId));
        gone.removeAll(wanted);
        repository.removeMembers(inboxId, gone);
        wanted.forEach(userId -> repository.addMember(inboxId, userId));
        events.publishEvent(new InboxMembersChanged(accountId, inboxId));
        return repository.memberIds(inboxId);
    }

    @Transactional
    public List<Long> removeMembers(long accountId, CurrentUser actor, long inboxId, Collection<Long> userIds) {
        accounts.requireAdministrator(accountId, actor);
        require(accountId, inboxId);
        repository.removeMembers(inboxId, userIds == null ? List.of() : userIds);
        events.publishEvent(new InboxMembersChanged(accountId, inboxId));
        return repository.memberIds(inboxId);
    }

    /** A person removed from the account leaves its inboxes too. */
    @EventListener
    void onMembershipChanged(AgentMembershipChanged event) {
        if (accounts.membership(event.accountId(), event.userId()).isEmpty()) {
            repository.removeMemberFromAccount(event.accountId(), event.userId());
        }
    }

    private List<Long> checkedMembers(long accountId, Collection<Long> userIds) {
        if (userIds == null || userIds.isEmpty()) {
            throw BatonException.invalid("user_ids", "required", "user_ids must name at least one agent");
        }
        List<Long> distinct = List.copyOf(new LinkedHashSet<>(userIds));
        if (agents.agents(accountId, distinct).size() != distinct.size()) {
            throw BatonException.invalid("user_ids", "unknown_agent", "user_ids names someone who is not an agent of this account");
        }
        return distinct;
    }

    // ---- field rules

    private static String text(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw BatonException.invalid(field, "required", field + " is required");
            }
            return null;
        }
        if (value.length() > max) {
            throw BatonException.invalid(field, "length", field + " must have at most " + max + " characters");
        }
        return value.strip();
    }

    private static String url(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(value.strip());
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw BatonException.invalid(field, "url", field + " must be an http or https URL");
        }
        return text(field, value, 2000, false);
    }

    private static String color(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.matches("#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?")) {
            throw BatonException.invalid("channel.widget_color", "format", "widget_color must look like #1f93ff");
        }
        return value;
    }

    private static String locale(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!dev.baton.account.Account.LOCALES.contains(value)) {
            throw BatonException.invalid("locale", "inclusion", "locale must be one of en, de, fr, it");
        }
        return value;
    }

    /** Origins are scheme://host[:port], compared lower-case; paths are refused to avoid false hopes. */
    static List<String> origins(List<String> values) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > 50) {
            throw BatonException.invalid("allowed_origins", "length", "at most 50 allowed origins");
        }
        List<String> out = new ArrayList<>();
        for (String value : values) {
            String origin = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
            if (origin.endsWith("/")) {
                origin = origin.substring(0, origin.length() - 1);
            }
            try {
                URI uri = URI.create(origin);
                boolean ok = uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                        && (uri.getPath() == null || uri.getPath().isEmpty()) && uri.getQuery() == null;
                if (!ok) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw BatonException.invalid("allowed_origins", "format",
                        "'" + value + "' is not an origin like https://www.example.com");
            }
            if (!out.contains(origin)) {
                out.add(origin);
            }
        }
        return out;
    }
}
