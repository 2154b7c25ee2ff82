package dev.baton.shared;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        @DefaultValue Reactions reactions,
        @DefaultValue Smtp smtp,
        @DefaultValue Http http) {

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
            @DefaultValue("5") int maxAttachmentsPerMessage,
            @DefaultValue("67108864") long maxImportBytes,
            @DefaultValue("100000") int maxLicenceSeats) {

        @org.springframework.boot.context.properties.bind.ConstructorBinding
        public Limits {
        }

        /**
         * The request limits with the default upload limits (26 MiB per upload request, 5 images of 5 MiB, 64 MiB per CSV
         * import) and the default ceiling of licence seats an account's administrator may set (100000).
         */
        public Limits(long maxRequestBytes, int maxMessageLengthCeiling) {
            this(maxRequestBytes, maxMessageLengthCeiling, 27_262_976L, 5_242_880L, 5, 67_108_864L, 100_000);
        }
    }

    /**
     * Sign-in throttling (ADR 0020): an (e-mail, client) pair may fail {@code signInFailuresPerWindow} times and a
     * client {@code signInFailuresPerClient} times before each further attempt waits {@code signInFirstDelay} (1 s),
     * then twice that, four times, ... up to
     * {@code signInMaxDelay}; failures are forgotten {@code signInWindow} after the last one. At most
     * {@code concurrentPasswordChecks} password hashes are computed at once (0: half the processors, at least 1).
     */
    public record RateLimits(
            @DefaultValue("120") long publicRequestsPerMinutePerIp,
            @DefaultValue("30") long visitorMessagesPerMinute,
            @DefaultValue("10") long signInFailuresPerWindow,
            @DefaultValue("15m") Duration signInWindow,
            @DefaultValue("100") long signInFailuresPerClient,
            @DefaultValue("15m") Duration signInMaxDelay,
            @DefaultValue("0") int concurrentPasswordChecks,
            @DefaultValue("1s") Duration signInFirstDelay) {
    }

    /**
     * The HTTP edge: {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are honoured only from these reverse
     * proxies (addresses or CIDR ranges, e.g. {@code 10.0.0.0/8}); empty: from nobody.
     */
    public record Http(@DefaultValue List<String> trustedProxies) {
    }

    /** Outgoing mail ({@code BATON_SMTP_HOST}, ...); without a host, mails are written to the log instead. */
    public record Smtp(@DefaultValue("") String host, @DefaultValue("587") int port, @DefaultValue("") String username,
                       @DefaultValue("") String password, @DefaultValue("baton@localhost") String from,
                       @DefaultValue("true") boolean starttls) {
        public boolean configured() {
            return !host.isBlank();
        }
    }

    /**
     * Presence grace after the last workspace socket closed, how often deadlines are swept, and how long one queue's
     * dispatch may decide before the watchdog reports it and the sweep goes on without it.
     */
    public record Routing(
            @DefaultValue("60s") Duration presenceGrace,
            @DefaultValue("1s") Duration sweepInterval,
            @DefaultValue("true") boolean sweeperEnabled,
            @DefaultValue("10s") Duration dispatchWatchdog) {
    }

    public record Realtime(
            @DefaultValue("500") int resumeBatchLimit,
            @DefaultValue("8") int fanoutLanes,
            /* How long the conversation event log keeps an entry; a client further behind reloads (docs/realtime.md). */
            @DefaultValue("7d") Duration eventLogRetention,
            /* How often each node deletes the entries past the retention. */
            @DefaultValue("1h") Duration eventLogTrimInterval) {
    }

    /**
     * Durable reactions to events (docs/adr/0016): how long a reaction may stay unfinished before another node
     * runs it again, how often failed ones are retried (with exponential backoff), and how many times.
     */
    public record Reactions(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("30s") Duration staleAfter,
            @DefaultValue("5s") Duration retryInterval,
            @DefaultValue("20") int maxAttempts) {
    }
}
