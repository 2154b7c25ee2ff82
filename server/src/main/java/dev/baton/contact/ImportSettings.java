package dev.baton.contact;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * CSV imports ({@code baton.imports.*}): how many run at once on a node, how many rows one transaction
 * writes, how long a node's claim on a job lasts without a sign of life, and how often a job is tried
 * before it is marked failed, and how long a finished import's error report is kept.
 */
@ConfigurationProperties("baton.imports")
public record ImportSettings(@DefaultValue("2") int workers, @DefaultValue("500") int batchSize,
                             @DefaultValue("60s") Duration lease, @DefaultValue("3") int maxAttempts,
                             @DefaultValue("1s") Duration pollInterval,
                             @DefaultValue("30d") Duration errorRetention) {
}
