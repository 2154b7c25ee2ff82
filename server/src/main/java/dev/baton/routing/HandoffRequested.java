package dev.baton.routing;

import java.util.List;

/**
 * A conversation started waiting for a person in a queue: a handoff by a bot, the visitor or an agent, or a
 * transfer to a team. Published inside the transaction that creates the handoff, so that listeners' writes
 * (e-mails in the outbox) commit or roll back with it. {@code queueMemberIds} are the people who serve that
 * queue: the team's members who are also members of the inbox, or the inbox's members when there is no team.
 */
public record HandoffRequested(long accountId, long conversationId, long handoffId, long inboxId, Long teamId,
                               String reason, String summary, Long requestedBy, List<Long> queueMemberIds) {
}
