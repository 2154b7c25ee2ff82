package dev.baton.conversation;

import java.time.Instant;

/**
 * Every change of a conversation's status, owner, assignee, team or participants, as a closed set of
 * typed requests (ARCHITECTURE.md section 3). {@link Transitions#decide} says whether one is allowed from
 * the locked state and what follows; {@link ConversationService#apply} is the one place that writes it.
 */
public sealed interface Transition {

    /** The wire name: in events, the event log and the transition table. */
    String name();

    /**
     * Someone asks for a person: the conversation waits in a queue (a team's, or its inbox's agents'), for
     * {@code targetAgentId} only when one is named. {@code reason} and {@code summary} go to the agents.
     */
    record HandOff(Long teamId, String queueName, String reason, String summary, Long targetAgentId) implements Transition {
        public HandOff(Long teamId, String queueName, String reason) {
            this(teamId, queueName, reason, null, null);
        }


        public String name() { return "hand_off"; }
    }

    /**
     * Chatwoot's {@code toggle_status} to {@code open}: reopens a closed conversation, and from the bot
     * ({@code pending}) hands it to people, as a Chatwoot agent bot does.
     */
    record Open(String queueName) implements Transition {
        public String name() { return "open"; }
    }

    /** The handoff ended without a person (no_agent, declined): back to the bot when there is one. */
    record LeaveQueue(String outcome) implements Transition {
        public String name() { return "leave_queue"; }
    }

    /** The handoff deadline passed and the team overflows into another. */
    record Overflow(long teamId, String fromTeam, String toTeam) implements Transition {
        public String name() { return "overflow"; }
    }

    /** The agent went offline and their team puts their chats back in its queue. */
    record Requeue(long teamId, String agentName) implements Transition {
        public String name() { return "requeue"; }
    }

    /** An agent gets the conversation. */
    record Assign(long agentId, String agentName, Via via, String byName) implements Transition {
        public String name() { return "assign"; }
    }

    /** How an agent got it: took it, was assigned it, accepted an offer or a transfer. */
    enum Via { TAKE, ASSIGN, OFFER, TRANSFER }

    record Unassign() implements Transition {
        public String name() { return "unassign"; }
    }

    /** Chatwoot's team assignment: the team changes, the owner does not. */
    record SetTeam(Long teamId, String teamName) implements Transition {
        public String name() { return "set_team"; }
    }

    record TransferToTeam(long teamId, String teamName, String note) implements Transition {
        public String name() { return "transfer_to_team"; }
    }

    /** Checked only: the conversation stays with its agent until the target accepts ({@link Assign} by TRANSFER). */
    record TransferToAgent(long agentId) implements Transition {
        public String name() { return "transfer_to_agent"; }
    }

    /** Checked only: the invited agent joins when they accept ({@link AddParticipant}). */
    record Invite(long agentId) implements Transition {
        public String name() { return "invite"; }
    }

    record AddParticipant(long agentId, String agentName) implements Transition {
        public String name() { return "add_participant"; }
    }

    record RemoveParticipant(long agentId, String agentName) implements Transition {
        public String name() { return "remove_participant"; }
    }

    /** Back to the bot: an agent hands back, or the visitor presses "back to the bot". */
    record ToBot() implements Transition {
        public String name() { return "to_bot"; }
    }

    /**
     * The handover protocol: the bot that has the thread passes it to another bot of the inbox (or it returns to the
     * primary when its time runs out). The owner stays {@code bot}; which bot has it is the agentbot feature's.
     */
    record PassToBot(long agentBotId, String botName) implements Transition {
        public String name() { return "pass_to_bot"; }
    }

    /** The handover protocol: the inbox's primary bot takes the thread, from another bot or from people. */
    record TakeByBot(long agentBotId, String botName) implements Transition {
        public String name() { return "take_by_bot"; }
    }

    /** Ends the conversation; {@code wrapUp} is the wrap-up reason's name when the agent gave one. */
    record Resolve(String wrapUp) implements Transition {
        public String name() { return "resolve"; }
    }

    /**
     * Opens a closed or snoozed conversation again. {@code assignTo}: the agent who reopens it and takes it;
     * null: the visitor wrote again or the bot goes on (to the bot when there is one), or the conversation
     * keeps who had it (unsnoozing). {@code toPeople}: never to the bot, for a visitor who answered a follow-up mail
     * and is not in the widget to talk to it.
     */
    record Reopen(Long assignTo, boolean toPeople) implements Transition {
        public Reopen(Long assignTo) {
            this(assignTo, false);
        }

        public String name() { return "reopen"; }
    }

    /**
     * An agent reopens a closed conversation that they cannot take (not licensed, or at capacity): it waits in
     * its team's queue ({@code teamId}, {@code queueName}; the inbox's agents when null) with a real handoff, so
     * that routing offers it to whoever can.
     */
    record ReopenToQueue(Long teamId, String queueName) implements Transition {
        public String name() { return "reopen_to_queue"; }
    }

    record Snooze(Instant until) implements Transition {
        public String name() { return "snooze"; }
    }
}
