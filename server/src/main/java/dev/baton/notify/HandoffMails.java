package dev.baton.notify;

import dev.baton.account.AccountService;
import dev.baton.account.Agent;
import dev.baton.account.AgentService;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.ConversationViews;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.routing.HandoffRequested;
import dev.baton.routing.Team;
import dev.baton.routing.TeamService;
import dev.baton.routing.Presence;
import dev.baton.routing.RoutingService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seed 001: "when a visitor asks for a person, you get an e-mail". Every licensed member of the queue a new
 * handoff waits in, who has {@code email_on_new_handoff} on, gets one, in their own language (else the
 * account's). Queued in the handoff's transaction, so nothing leaves for a handoff that was rolled back
 * (ADR 0014), and due only {@code baton.notify.handoff-mail-delay} later: when it falls due, the outbox
 * worker asks {@link #unwanted} and skips it if the handoff has ended (accepted, cancelled, nobody) or the
 * agent has the workspace open (ADR 0047).
 */
@Component
class HandoffMails {

    static final String KIND = "handoff_mail";

    /** A queued handoff e-mail: the mail, and what decides at send time whether it still goes. */
    record Entry(long handoffId, long agentId, Mail mail) {
    }

    private static final Logger log = LoggerFactory.getLogger(HandoffMails.class);

    private final OutboxRepository outbox;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration delay;
    private final RoutingService routing;
    private final Presence presence;
    private final AgentService agents;
    private final AccountService accounts;
    private final InboxService inboxes;
    private final TeamService teams;
    private final ConversationQueries conversations;
    private final ConversationViews views;
    private final Links links;
    private final ResourceBundleMessageSource texts = new ResourceBundleMessageSource();

    HandoffMails(OutboxRepository outbox, JsonMapper json, Clock clock,
                 @Value("${baton.notify.handoff-mail-delay:30s}") Duration delay, RoutingService routing, Presence presence,
                 AgentService agents, AccountService accounts, InboxService inboxes, TeamService teams,
                 ConversationQueries conversations, ConversationViews views, Links links) {
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.delay = delay;
        this.routing = routing;
        this.presence = presence;
        this.agents = agents;
        this.accounts = accounts;
        this.inboxes = inboxes;
        this.teams = teams;
        this.conversations = conversations;
        this.views = views;
        this.links = links;
        texts.setBasename("i18n/notify");
        texts.setDefaultEncoding("UTF-8");
        texts.setFallbackToSystemLocale(false);
        texts.setAlwaysUseMessageFormat(true);
    }

    @EventListener
    void onHandoffRequested(HandoffRequested event) {
        List<Entry> mails;
        try {
            mails = mails(event);
        } catch (RuntimeException e) {
            // A mail that cannot be written must not keep the visitor from reaching a person.
            log.warn("Handoff {}: the e-mails to its queue could not be written", event.handoffId(), e);
            return;
        }
        Instant now = clock.instant();
        mails.forEach(mail -> outbox.insert(event.accountId(), KIND, json.writeValueAsString(mail), now, now.plus(delay)));
    }

    /** Why a due handoff e-mail is not sent any more (null: it goes): the handoff ended, or the agent is connected. */
    String unwanted(Long accountId, Entry entry) {
        Optional<String> outcome = routing.outcomeOf(entry.handoffId());
        if (outcome.isPresent()) {
            return "handoff ended: " + outcome.get();
        }
        if (accountId != null && presence.connected(accountId, entry.agentId())) {
            return "agent connected";
        }
        return null;
    }

    private List<Entry> mails(HandoffRequested event) {
        List<Agent> recipients = agents.agents(event.accountId(), event.queueMemberIds()).stream()
                .filter(a -> a.licensed() && a.emailOnNewHandoff() && a.email() != null)
                .filter(a -> !Objects.equals(a.id(), event.requestedBy()))
                .toList();
        if (recipients.isEmpty()) {
            return List.of();
        }
        String accountLocale = accounts.account(event.accountId()).locale();
        Conversation conversation = conversations.find(event.accountId(), event.conversationId()).orElseThrow();
        String visitor = views.visitorName(conversation);
        String inbox = inboxes.byId(event.inboxId()).map(Inbox::name).orElse("");
        String team = event.teamId() == null ? null : teams.require(event.accountId(), event.teamId()).name();
        String link = links.baseUrl() + "/app/accounts/" + event.accountId() + "/conversations/" + event.conversationId();
        List<Entry> mails = new ArrayList<>();
        for (Agent agent : recipients) {
            Locale locale = Locale.forLanguageTag(agent.locale() != null ? agent.locale() : accountLocale);
            String who = visitor == null || visitor.isBlank() ? text(locale, "visitor") : visitor;
            StringBuilder body = new StringBuilder()
                    .append(text(locale, "greeting", agent.availableName())).append("\n\n")
                    .append(team == null ? text(locale, "intro_inbox", who, inbox) : text(locale, "intro_team", who, inbox, team))
                    .append("\n\n");
            if (event.reason() != null && !event.reason().isBlank()) {
                body.append(text(locale, "reason", reason(locale, event.reason()))).append('\n');
            }
            if (event.summary() != null && !event.summary().isBlank()) {
                body.append(text(locale, "summary", event.summary())).append('\n');
            }
            body.append('\n').append(text(locale, "link", link)).append("\n\n")
                    .append("-- \n").append(text(locale, "footer"));
            mails.add(new Entry(event.handoffId(), agent.id(),
                    new Mail(agent.email(), text(locale, "subject", who, inbox), body.toString())));
        }
        return mails;
    }

    /** Routing's own reasons read as sentences; a reason an API client or story wrote is shown as written. */
    private String reason(Locale locale, String reason) {
        return switch (reason) {
            case "bot", "visitor", "transfer", "new_chat" -> text(locale, "reason_" + reason);
            default -> reason;
        };
    }

    private String text(Locale locale, String key, Object... args) {
        return texts.getMessage("handoff_mail." + key, args, locale);
    }
}
