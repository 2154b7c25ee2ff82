package dev.baton.agentbot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code baton.agent-bots.*} (docs/configuration.md#agent-bots): how long a delivery to a bot is retried (a bot
 * wants its events in seconds, not in a day), how often expired thread ownership returns to the primary bot, and how
 * long a failing bot's circuit breaker stays open.
 * The escalation label is the account's ({@code escalation_label}, docs/bots.md#escalation-by-label).
 */
@ConfigurationProperties("baton.agent-bots")
public record AgentBotSettings(@DefaultValue("2m") Duration retryFor, @DefaultValue("1s") Duration sweepInterval,
                               @DefaultValue("30s") Duration coolDown) {
}
