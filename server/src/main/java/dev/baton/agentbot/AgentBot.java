package dev.baton.agentbot;

import java.time.Instant;
import java.util.List;

/**
 * An external bot (Chatwoot's AgentBot): it gets the events it chose at {@code outgoingUrl} through its webhook
 * endpoint {@code endpointId} (signed with that endpoint's secret) and acts with its own access token.
 */
public record AgentBot(long id, long accountId, String name, String description, String outgoingUrl, String avatarUrl,
                       List<String> events, long endpointId, int maxFailures, int replyDeadlineSeconds, Instant createdAt,
                       Instant updatedAt) {
}
