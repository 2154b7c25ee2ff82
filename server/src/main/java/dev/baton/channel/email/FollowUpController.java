package dev.baton.channel.email;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.contact.ContactInbox;
import dev.baton.contact.ContactService;
import dev.baton.contact.VisitorPresence;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.ConversationService;
import dev.baton.conversation.ConversationViews;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Follow up list and a conversation's follow-up state for the workspace; for the widget, the link of a follow-up
 * mail that reopens the chat.
 */
@RestController
class FollowUpController {

    static final int PAGE_SIZE = 25;

    record ResumeBody(String token) {
    }

    /** What the widget needs to go on with the conversation (as Chatwoot's public contact gives it). */
    record Resumed(String sourceId, String pubsubToken, long conversationId) {
    }

    private final FollowUpRepository repository;
    private final FollowUps followUps;
    private final ResumeLinks resumeLinks;
    private final AccountService accounts;
    private final InboxService inboxes;
    private final ContactService contacts;
    private final VisitorPresence presence;
    private final ConversationQueries conversations;
    private final ConversationService conversationService;
    private final ConversationViews views;

    FollowUpController(FollowUpRepository repository, FollowUps followUps, ResumeLinks resumeLinks, AccountService accounts,
                       InboxService inboxes, ContactService contacts, VisitorPresence presence,
                       ConversationQueries conversations, ConversationService conversationService, ConversationViews views) {
        this.repository = repository;
        this.followUps = followUps;
        this.resumeLinks = resumeLinks;
        this.accounts = accounts;
        this.inboxes = inboxes;
        this.contacts = contacts;
        this.presence = presence;
        this.conversations = conversations;
        this.conversationService = conversationService;
        this.views = views;
    }

    /**
     * The conversations waiting for a follow-up, newest first, in the inboxes the agent sees; keyset-paged by
     * {@code cursor} (the previous page's {@code next_cursor}). The shape of the conversation list.
     */
    @GetMapping("/api/v1/accounts/{accountId}/follow_ups")
    Map<String, Object> list(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                             @RequestParam(required = false) String cursor) {
        FollowUpRepository.Cursor after = cursor(cursor);
        InboxService.Scope scope = inboxes.scope(accounts.requireMember(accountId, user));
        Set<Long> inboxScope = scope.all() ? null : scope.inboxIds();
        List<FollowUpRepository.FollowUp> page = inboxScope != null && inboxScope.isEmpty() ? List.of()
                : repository.waiting(accountId, inboxScope, after, PAGE_SIZE);
        FollowUpRepository.FollowUp last = page.size() < PAGE_SIZE ? null : page.getLast();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("count", inboxScope != null && inboxScope.isEmpty() ? 0 : repository.countWaiting(accountId, inboxScope));
        meta.put("next_cursor", last == null ? null
                : ChronoUnit.MICROS.between(Instant.EPOCH, last.since()) + "_" + last.conversationId());
        List<Conversation> list = conversations.byIds(accountId,
                page.stream().map(FollowUpRepository.FollowUp::conversationId).toList());
        return Map.of("data", Map.of("meta", meta, "payload",
                views.conversations(accountId, list, conversationService.actorFor(accountId, user))));
    }

    /**
     * A conversation's follow-up: {@code state} (null: none; no_email, waiting, done), whether an agent's reply goes by
     * e-mail now ({@code replies_by_email}: a follow-up with an address, and the visitor not in the chat), and which of
     * its messages went or came by e-mail.
     */
    @GetMapping("/api/v1/accounts/{accountId}/conversations/{conversationId}/follow_up")
    Map<String, Object> show(@PathVariable long accountId, @PathVariable long conversationId,
                             @AuthenticationPrincipal CurrentUser user) {
        Conversation c = conversations.get(accountId, user, conversationId);
        FollowUpRepository.FollowUp f = repository.find(c.id()).orElse(null);
        boolean byEmail = f != null && !FollowUpRepository.NO_EMAIL.equals(f.state()) && followUps.email(c) != null
                && !presence.online(Set.of(c.contactInboxId())).contains(c.contactInboxId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", f == null ? null : f.state());
        body.put("replies_by_email", byEmail);
        body.put("email_message_ids", f == null ? List.of() : repository.mailedMessageIds(c.id()));
        return body;
    }

    /** The link of a follow-up mail: the widget of this inbox goes on with the conversation it names. */
    @PostMapping("/public/api/v1/inboxes/{inboxIdentifier}/follow_up/resume")
    Resumed resume(@PathVariable String inboxIdentifier, @RequestBody(required = false) ResumeBody body) {
        Inbox inbox = inboxes.byIdentifier(inboxIdentifier).orElseThrow(() -> BatonException.notFound("Inbox"));
        if (body == null || body.token() == null || body.token().isBlank()) {
            throw BatonException.invalid("token", "required", "token is required");
        }
        ResumeLinks.Parsed token = ResumeLinks.parse(body.token());
        FollowUpRepository.FollowUp f = repository.find(token.conversationId())
                .orElseThrow(() -> new BatonException(ErrorCode.RESUME_LINK_INVALID, "unknown conversation"));
        resumeLinks.verify(token, f.linkKey());
        if (f.inboxId() != inbox.id()) {
            throw new BatonException(ErrorCode.RESUME_LINK_INVALID, "another inbox");
        }
        Conversation c = conversations.find(f.accountId(), f.conversationId())
                .orElseThrow(() -> new BatonException(ErrorCode.RESUME_LINK_INVALID, "unknown conversation"));
        ContactInbox visitor = contacts.contactInboxesByIds(List.of(c.contactInboxId())).getFirst();
        return new Resumed(visitor.sourceId(), visitor.pubsubToken(), c.id());
    }

    private static FollowUpRepository.Cursor cursor(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        int sep = value.indexOf('_');
        try {
            if (sep > 0 && value.length() <= 60) {
                return new FollowUpRepository.Cursor(Instant.EPOCH.plus(Long.parseLong(value.substring(0, sep)), ChronoUnit.MICROS),
                        Long.parseLong(value.substring(sep + 1)));
            }
        } catch (NumberFormatException | java.time.DateTimeException | ArithmeticException e) {
            // refused below
        }
        throw BatonException.invalid("cursor", "format", "cursor must be a next_cursor of this list");
    }
}
