package dev.baton.agentbot;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.contact.ContactLabelsChanged;
import dev.baton.contact.ContactService;
import dev.baton.conversation.Actor;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.ConversationService;
import dev.baton.conversation.Owner;
import dev.baton.conversation.Status;
import dev.baton.conversation.Transition;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.routing.TeamService;
import java.util.List;
import java.util.Locale;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Escalation by contact label (seed 004, docs/bots.md#escalation-by-label): a bot that adds the escalation label
 * (the account's {@code escalation_label}, default {@code escalated}) to a contact hands the contact's bot-owned
 * conversations to people; while the contact has it, their new conversations in bot inboxes go to people at once;
 * once an agent removes it, the next conversation starts with the bot again.
 */
@Component
class Escalation {

    private final ConversationService conversations;
    private final ConversationQueries queries;
    private final ContactService contacts;
    private final InboxService inboxes;
    private final TeamService teams;
    private final AgentBotRepository bots;
    private final AccountService accounts;

    Escalation(ConversationService conversations, ConversationQueries queries, ContactService contacts, InboxService inboxes,
               TeamService teams, AgentBotRepository bots, AccountService accounts) {
        this.conversations = conversations;
        this.queries = queries;
        this.contacts = contacts;
        this.inboxes = inboxes;
        this.teams = teams;
        this.bots = bots;
        this.accounts = accounts;
    }

    /** The account's escalation label (lower case, as contact labels are stored). */
    String label(long accountId) {
        return accounts.account(accountId).escalationLabel().toLowerCase(Locale.ROOT);
    }

    @ApplicationModuleListener
    void on(ContactLabelsChanged e) {
        if (e.agentBotId() == null || !e.added().contains(label(e.accountId()))) {
            return;
        }
        AgentBot bot = bots.find(e.accountId(), e.agentBotId()).orElse(null);
        if (bot == null) {
            return;
        }
        CurrentUser caller = CurrentUser.agentBot(bot.id(), bot.accountId(), bot.name());
        for (Conversation c : queries.contactConversations(e.accountId(), caller, e.contactId(), 1)) {
            if (c.owner() == Owner.BOT && c.status() == Status.OPEN) {
                inboxes.byId(c.inboxId()).filter(i -> i.automation().agentBotId() != null).ifPresent(inbox ->
                        conversations.applyIfAllowed(e.accountId(), c.id(), Actor.bot(bot.id(), bot.name()),
                                handOff(e.accountId(), inbox, "escalated", null)));
            }
        }
    }

    /** A new bot-owned conversation of an escalated contact goes to people at once; true when it did. */
    boolean escalateNew(long accountId, Conversation c) {
        if (!contacts.labelsOf(List.of(c.contactId())).getOrDefault(c.contactId(), List.of()).contains(label(accountId))) {
            return false;
        }
        Inbox inbox = inboxes.byId(c.inboxId()).orElse(null);
        return inbox != null && conversations.applyIfAllowed(accountId, c.id(), Actor.SYSTEM,
                handOff(accountId, inbox, "escalated", null)).isPresent();
    }

    /** A handoff to the inbox's team (or its agents), as the story's handoff and handover keywords make it. */
    Transition.HandOff handOff(long accountId, Inbox inbox, String reason, String summary) {
        Long teamId = inbox.automation().teamId();
        String queue = teamId == null ? inbox.name() : teams.require(accountId, teamId).name();
        return new Transition.HandOff(teamId, queue, reason, summary, null);
    }
}
