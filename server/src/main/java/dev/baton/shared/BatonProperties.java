package dev.baton.shared;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Every {@code baton.*} setting; docs/configuration.md lists them with these defaults. */
@ConfigurationProperties("baton")
public record BatonProperties(
        @DefaultValue("development") Mode mode,
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("") String publicUrl,
        @DefaultValue("") String redisUrl,
        @DefaultValue Demo demo,
        @DefaultValue Bootstrap bootstrap,
        @DefaultValue Limits limits,
        @DefaultValue RateLimits rateLimits,
        @DefaultValue Realtime realtime,
        @DefaultValue Routing routing,
        @DefaultValue Smtp smtp) {

    public enum Mode { DEVELOPMENT, PRODUCTION }

    public boolean production() {
        return mode == Mode.PRODUCTION;
    }

    /** Demo inbox and page created on the first start; by default on, except in production mode. */
    public record Demo(Boolean enabled) {
    }

    public boolean demoEnabled() {
        return demo.enabled() == null ? !production() : demo.enabled();
    }

    /** The first administrator ({@code BATON_BOOTSTRAP_ADMIN_EMAIL}, {@code BATON_BOOTSTRAP_ADMIN_PASSWORD}). */
    public record Bootstrap(@DefaultValue Admin admin) {
    }

    public record Admin(@DefaultValue("admin@baton.local") String email, String password) {
    }

    public record Limits(
            @DefaultValue("1048576") long maxRequestBytes,
            @DefaultValue("20000") int maxMessageLengthCeiling,
            @DefaultValue("27262976") long maxUploadBytes,
            @DefaultValue("5242880") long maxAttachmentBytes,
            @DefaultValue("5") int maxAttachmentsPerMessage) {

        @org.springframework.boot.context.properties.bind.ConstructorBinding
        public Limits {
        }

        /** The request limits with the default upload limits (26 MiB per upload request, 5 images of 5 MiB). */
        public Limits(long maxRequestBytes, int maxMessageLengthCeiling) {
            this(maxRequestBytes, maxMessageLengthCeiling, 27_262_976L, 5_242_880L, 5);
        }
    }

    public record RateLimits(
            @DefaultValue("120") long publicRequestsPerMinutePerIp,
            @DefaultValue("30") long visitorMessagesPerMinute,
            @DefaultValue("10") long signInFailuresPerWindow,
            @DefaultValue("15m") Duration signInWindow) {
    }

    /** Outgoing mail ({@code BATON_SMTP_HOST}, ...); without a host, mails are written to the log instead. */
    public record Smtp(@DefaultValue("") String host, @DefaultValue("587") int port, @DefaultValue("") String username,
                       @DefaultValue("") String password, @DefaultValue("baton@localhost") String from,
                       @DefaultValue("true") boolean starttls) {
        public boolean configured() {
            return !host.isBlank();
        }
    }

    /** Presence grace after the last workspace socket closed, and how often deadlines are swept. */
    public record Routing(
            @DefaultValue("60s") Duration presenceGrace,
            @DefaultValue("1s") Duration sweepInterval,
            @DefaultValue("true") boolean sweeperEnabled) {
    }

    public record Realtime(
            @DefaultValue("500") int resumeBatchLimit,
            @DefaultValue("8") int fanoutLanes) {
    }
}
