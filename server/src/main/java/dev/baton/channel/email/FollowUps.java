package dev.baton.channel.email;

import dev.baton.account.AccountService;
import dev.baton.account.Agent;
import dev.baton.account.AgentService;
import dev.baton.channel.FollowUpChanged;
import dev.baton.contact.Contact;
import dev.baton.contact.ContactService;
import dev.baton.contact.ContactUpdated;
import dev.baton.contact.VisitorPresence;
import dev.baton.conversation.Actor;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.ConversationStateChanged;
import dev.baton.conversation.Message;
import dev.baton.conversation.MessageCreated;
import dev.baton.conversation.MessageType;
import dev.baton.conversation.SenderType;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.notify.Links;
import dev.baton.notify.Mail;
import dev.baton.notify.MailOutbox;
import dev.baton.routing.Handoff;
import dev.baton.routing.HandoffEnded;
import dev.baton.shared.BatonProperties;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;

/**
 * The no-agent path done properly (docs/adr/0052): a conversation whose handoff found nobody waits in the Follow up
 * list once its visitor has left an e-mail address; an agent's reply to it, while the visitor is not in the chat,
 * goes to them by e-mail through the outbox (with the transcript and a link that reopens the chat), and their answer
 * comes back through {@link ReplyMailbox}. Durable reactions: each runs after the commit of what caused it.
 */
@Service
class FollowUps {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TRANSCRIPT_MESSAGES = 30;

    private final FollowUpRepository repository;
    private final ConversationQueries conversations;
    private final ContactService contacts;
    private final VisitorPresence presence;
    private final InboxService inboxes;
    private final AccountService accounts;
    private final AgentService agents;
    private final MailOutbox outbox;
    private final ResumeLinks resumeLinks;
    private final ReplyAddress replyAddress;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final ResourceBundleMessageSource texts = new ResourceBundleMessageSource();

    FollowUps(FollowUpRepository repository, ConversationQueries conversations, ContactService contacts,
              VisitorPresence presence, InboxService inboxes, AccountService accounts, AgentService agents, MailOutbox outbox,
              ResumeLinks resumeLinks, ReplyAddress replyAddress, Clock clock, ApplicationEventPublisher events) {
        this.repository = repository;
        this.conversations = conversations;
        this.contacts = contacts;
        this.presence = presence;
        this.inboxes = inboxes;
        this.accounts = accounts;
        this.agents = agents;
        this.outbox = outbox;
        this.resumeLinks = resumeLinks;
        this.replyAddress = replyAddress;
        this.clock = clock;
        this.events = events;
        texts.setBasename("i18n/notify");
        texts.setDefaultEncoding("UTF-8");
        texts.setFallbackToSystemLocale(false);
        texts.setAlwaysUseMessageFormat(true);
    }

    /** Nobody was available (closed hours too): in the list if the visitor left an address, else once they do. */
    @ApplicationModuleListener(condition = "#a0.outcome() == 'no_agent'")
    void on(HandoffEnded e) {
        if (!Handoff.NO_AGENT.equals(e.outcome())) {
            return;
        }
        conversations.find(e.accountId(), e.conversationId()).ifPresent(c -> {
            String state = email(c) == null ? FollowUpRepository.NO_EMAIL : FollowUpRepository.WAITING;
            repository.start(c.id(), c.accountId(), c.inboxId(), c.contactId(), token(20), token(32), state, clock.instant());
            if (FollowUpRepository.WAITING.equals(state)) {
                events.publishEvent(new FollowUpChanged(c.accountId(), c.inboxId(), c.id(), true));
            }
        });
    }

    /** The story asked for the address after nobody was available (the demo story does): now it can wait for an agent. */
    @ApplicationModuleListener(condition = "#a0.changedAttributes().contains('email')")
    void on(ContactUpdated e) {
        if (!e.changedAttributes().contains("email")) {
            return;
        }
        Contact contact = contacts.require(e.accountId(), e.contactId());
        if (contact.email() == null || contact.email().isBlank()) {
            return;
        }
        for (long id : repository.awaitingEmail(e.contactId())) {
            if (repository.waitAgain(id, clock.instant())) {
                changed(id, true);
            }
        }
    }

    /** An agent resolved it: out of the list (a story or the visitor ending the chat leaves it there). */
    @ApplicationModuleListener(condition = "@followUps.concerns(#a0)")
    void on(ConversationStateChanged e) {
        if (e.resolved() && Actor.Kind.AGENT.name().toLowerCase(Locale.ROOT).equals(e.actor())
                && repository.done(e.conversationId())) {
            changed(e.conversationId(), false);
        }
    }

    /** The workspace's list follows the follow-up (realtime, after commit). */
    private void changed(long conversationId, boolean waiting) {
        repository.find(conversationId).ifPresent(f ->
                events.publishEvent(new FollowUpChanged(f.accountId(), f.inboxId(), conversationId, waiting)));
    }

    /**
     * The reactions' conditions, asked when the event is published: nearly every message and transition concerns no
     * follow-up, and is then not recorded for a reaction at all (no registry row, no asynchronous transaction taking
     * a connection, as webhooks and agent bots do it).
     */
    public boolean concerns(MessageCreated e) {
        return e.messageType() == MessageType.OUTGOING && !e.isPrivate() && e.senderType() == SenderType.USER
                && repository.exists(e.conversationId(), true);
    }

    public boolean concerns(ConversationStateChanged e) {
        return e.resolved() && Actor.Kind.AGENT.name().toLowerCase(Locale.ROOT).equals(e.actor())
                && repository.exists(e.conversationId(), false);
    }

    /**
     * An agent's public reply answers the follow-up; while the visitor is not in the chat it goes to them by e-mail.
     * Notes, bots' and activity messages never do.
     */
    @ApplicationModuleListener(condition = "@followUps.concerns(#a0)")
    void on(MessageCreated e) {
        if (e.messageType() != MessageType.OUTGOING || e.isPrivate() || e.senderType() != SenderType.USER) {
            return;
        }
        FollowUpRepository.FollowUp followUp = repository.find(e.conversationId()).orElse(null);
        if (followUp == null || FollowUpRepository.NO_EMAIL.equals(followUp.state())) {
            return;
        }
        if (repository.done(e.conversationId())) {
            changed(e.conversationId(), false);
        }
        Conversation c = conversations.find(e.accountId(), e.conversationId()).orElse(null);
        Message reply = conversations.message(e.accountId(), e.conversationId(), e.messageId()).orElse(null);
        String to = c == null ? null : email(c);
        if (reply == null || to == null || presence.online(Set.of(c.contactInboxId())).contains(c.contactInboxId())) {
            return; // the visitor reads it in the widget
        }
        String messageId = "baton." + c.id() + "." + reply.id() + "." + token(6) + "@" + replyAddress.domain();
        outbox.queue(c.accountId(), mail(c, followUp, reply, to, messageId));
        repository.recordMail(c.accountId(), c.id(), "out", messageId, reply.id(), "queued", clock.instant());
    }

    /** The reply, the transcript so far, and how to go on: answer the mail or reopen the chat. */
    private Mail mail(Conversation c, FollowUpRepository.FollowUp followUp, Message reply, String to, String messageId) {
        Inbox inbox = inboxes.require(c.accountId(), c.inboxId());
        Locale locale = Locale.forLanguageTag(inbox.locale() != null && !inbox.locale().isBlank() ? inbox.locale()
                : accounts.account(c.accountId()).locale());
        String agent = agents.find(c.accountId(), reply.senderId()).map(Agent::availableName).orElse(inbox.name());
        StringBuilder body = new StringBuilder()
                .append(text(locale, "replied", agent)).append("\n\n")
                .append(reply.content() == null ? "" : reply.content()).append("\n\n")
                .append(text(locale, "answer")).append('\n')
                .append(resumeLinks.link(c, inbox, followUp.linkKey())).append("\n\n")
                .append("-- ").append(text(locale, "transcript")).append(" --\n");
        for (Message m : transcript(c)) {
            String who = m.type() == MessageType.INCOMING ? text(locale, "you")
                    : m.senderType() == SenderType.USER
                    ? agents.find(c.accountId(), m.senderId()).map(Agent::availableName).orElse(inbox.name()) : inbox.name();
            body.append('[').append(who).append("] ").append(m.content() == null ? "" : m.content().strip()).append('\n');
        }
        List<String> thread = new ArrayList<>(repository.mailIds(c.id()));
        return new Mail(to, text(locale, "subject", inbox.name()), body.toString(),
                replyAddress.forToken(followUp.replyToken()), messageId, thread.isEmpty() ? null : thread);
    }

    /** What the visitor saw: their messages and the answers, oldest first; no notes, no activity lines. */
    private List<Message> transcript(Conversation c) {
        return conversations.recentMessages(c.id(), TRANSCRIPT_MESSAGES).stream()
                .filter(m -> !m.isPrivate() && (m.type() == MessageType.INCOMING || m.type() == MessageType.OUTGOING))
                .filter(m -> m.content() != null && !m.content().isBlank())
                .sorted(java.util.Comparator.comparingLong(Message::seq))
                .toList();
    }

    /** The visitor's address: the contact's e-mail (a story's ask step maps it with contact_field). */
    String email(Conversation c) {
        String email = contacts.require(c.accountId(), c.contactId()).email();
        return email == null || email.isBlank() ? null : email.strip();
    }

    private String text(Locale locale, String key, Object... args) {
        return texts.getMessage("follow_up_mail." + key, args, locale);
    }

    /** Random lower-case hex: safe in an address's local part, which some servers lower-case. */
    static String token(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
