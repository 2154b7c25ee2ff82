package dev.baton.channel.email;

import dev.baton.channel.FollowUpChanged;
import dev.baton.contact.ContactInbox;
import dev.baton.contact.ContactService;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.ConversationService;
import dev.baton.conversation.MessageDraft;
import dev.baton.conversation.Posted;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A visitor's e-mail answer, taken into its conversation as a visitor message (through
 * {@link ConversationService#answerByMail}, which reopens a resolved conversation for the people by the state machine,
 * never for the bot). Which
 * conversation: the token of our reply address it was sent to, else the Message-ID of ours it answers. Refused (and
 * logged, and recorded by Message-ID so that it is not looked at again): no conversation found (bad_token), a sender
 * other than the visitor (unknown_sender), nothing left once the quote is stripped (empty), a message the conversation
 * would refuse (invalid).
 */
@Service
class FollowUpReplies {

    /** A fetched mail, as much of it as matters. {@code messageId} without angle brackets. */
    record Inbound(String messageId, String from, List<String> recipients, List<String> references, String text) {
    }

    private static final Logger log = LoggerFactory.getLogger(FollowUpReplies.class);

    private final FollowUpRepository repository;
    private final ReplyAddress replyAddress;
    private final ConversationService conversationService;
    private final ConversationQueries conversations;
    private final ContactService contacts;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    FollowUpReplies(FollowUpRepository repository, ReplyAddress replyAddress, ConversationService conversationService,
                    ConversationQueries conversations, ContactService contacts, TransactionTemplate transactions, Clock clock,
                    ApplicationEventPublisher events) {
        this.repository = repository;
        this.replyAddress = replyAddress;
        this.conversationService = conversationService;
        this.conversations = conversations;
        this.contacts = contacts;
        this.transactions = transactions;
        this.clock = clock;
        this.events = events;
    }

    /** The outcome: accepted, duplicate, bad_token, unknown_sender, empty or invalid. One transaction. */
    String take(Inbound mail) {
        if (repository.mailSeen(mail.messageId())) {
            return "duplicate";
        }
        try {
            return transactions.execute(status -> takeOnce(mail));
        } catch (DuplicateKeyException e) {
            return "duplicate"; // another node (or poll) took it at the same time
        } catch (RuntimeException e) {
            log.warn("Follow-up mail {} from {} was refused: {}", mail.messageId(), mail.from(), e.getMessage());
            refuse(mail, null, null, "invalid");
            return "invalid";
        }
    }

    private String takeOnce(Inbound mail) {
        Optional<FollowUpRepository.FollowUp> followUp = followUpOf(mail);
        if (followUp.isEmpty()) {
            log.warn("Follow-up mail {} from {} names no conversation (bad or missing reply token): refused", mail.messageId(), mail.from());
            return refuse(mail, null, null, "bad_token");
        }
        FollowUpRepository.FollowUp f = followUp.get();
        Conversation c = conversations.find(f.accountId(), f.conversationId()).orElse(null);
        String visitor = c == null ? null : contacts.require(c.accountId(), c.contactId()).email();
        if (c == null || visitor == null || mail.from() == null || !visitor.strip().equalsIgnoreCase(mail.from().strip())) {
            log.warn("Follow-up mail {} for conversation {} is from {}, not from its visitor: refused", mail.messageId(),
                    f.conversationId(), mail.from());
            return refuse(mail, f.accountId(), f.conversationId(), "unknown_sender");
        }
        String text = ReplyText.strip(mail.text());
        if (text.isEmpty()) {
            return refuse(mail, f.accountId(), f.conversationId(), "empty");
        }
        ContactInbox visitorInbox = contacts.contactInboxesByIds(List.of(c.contactInboxId())).getFirst();
        Posted posted = conversationService.answerByMail(visitorInbox, c.id(),
                new MessageDraft(text, "incoming", false, "text", null, "mail:" + sha256(mail.messageId())));
        if (!repository.recordMail(c.accountId(), c.id(), "in", mail.messageId(), posted.message().id(), "accepted", clock.instant())) {
            throw new DuplicateKeyException(mail.messageId());
        }
        if (repository.waitAgain(c.id(), clock.instant())) {
            events.publishEvent(new FollowUpChanged(c.accountId(), c.inboxId(), c.id(), true));
        }
        return "accepted";
    }

    /** By the token of our address it was sent to; failing that, by the Message-ID of ours it answers. */
    private Optional<FollowUpRepository.FollowUp> followUpOf(Inbound mail) {
        boolean addressed = false;
        for (String recipient : mail.recipients()) {
            Optional<String> token = replyAddress.tokenOf(recipient);
            if (token.isPresent()) {
                addressed = true;
                if (ReplyAddress.wellFormed(token.get())) {
                    Optional<FollowUpRepository.FollowUp> found = repository.byToken(token.get());
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        if (addressed) {
            return Optional.empty(); // a token that names nothing is not rescued by headers anyone can write
        }
        for (String reference : mail.references().reversed()) {
            Optional<FollowUpRepository.FollowUp> found = repository.conversationOfMail(reference).flatMap(repository::find);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private String refuse(Inbound mail, Long accountId, Long conversationId, String outcome) {
        transactions.executeWithoutResult(status -> repository.recordMail(accountId, conversationId, "in", mail.messageId(),
                null, outcome, clock.instant()));
        return outcome;
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
