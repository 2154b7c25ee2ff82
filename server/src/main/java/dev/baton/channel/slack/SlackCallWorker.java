package dev.baton.channel.slack;

import dev.baton.conversation.Attachments;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the queued Slack calls, on every node, as the webhook worker sends deliveries (docs/webhooks.md,
 * adr/0041): a short transaction takes due calls (SKIP LOCKED, a lease with a claim token), each the oldest
 * unfinished call of its conversation, so that one conversation's calls reach Slack one at a time and in order;
 * the calls run on virtual threads with no transaction open. A 429 waits exactly its Retry-After, 5xx and
 * refused connections back off ({@code retry-base} doubling, at most a minute) until {@code retry-for}; a token
 * Slack no longer accepts disables the connection; any other Slack error fails the call and is shown to admins.
 */
@Component
class SlackCallWorker implements DisposableBean {

    static final String POST_REQUEST = "post_request";
    static final String UPDATE_REQUEST = "update_request";
    static final String CREATE_ROOM = "create_room";
    static final String POST_MESSAGE = "post_message";
    static final String ARCHIVE = "archive";
    static final String EPHEMERAL = "ephemeral";
    static final String UPLOAD_FILE = "upload_file";
    /** Slack → visitor: a message Slack sent, relayed after Slack had its answer (adr/0055). */
    static final String RELAY_IN = "relay_in";
    /** Slack → Baton: End chat, back to the bot, or the channel archived, after the messages sent before it. */
    static final String STATUS = "status";

    private static final Logger log = LoggerFactory.getLogger(SlackCallWorker.class);
    private static final int BATCH = 20;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final SlackRepository repository;
    private final SlackApi slack;
    private final TokenCipher cipher;
    private final SlackConnections connections;
    private final SlackSettings settings;
    private final Attachments attachments;
    private final SlackToVisitor toVisitor;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean stopped;

    SlackCallWorker(SlackRepository repository, SlackApi slack, TokenCipher cipher, SlackConnections connections,
                    SlackSettings settings, Attachments attachments, SlackToVisitor toVisitor, TransactionTemplate transactions, JsonMapper json, Clock clock, MeterRegistry meters) {
        this.repository = repository;
        this.slack = slack;
        this.cipher = cipher;
        this.connections = connections;
        this.settings = settings;
        this.attachments = attachments;
        this.toVisitor = toVisitor;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.meters = meters;
    }

    @Scheduled(fixedDelayString = "${baton.slack.poll-interval:500ms}", initialDelayString = "${baton.slack.poll-interval:500ms}")
    void tick() {
        wake();
    }

    /** Takes and sends due calls until none is due; a wake-up while draining drains again. */
    void wake() {
        if (!settings.workerEnabled() || stopped) {
            return;
        }
        again.set(true);
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        senders.submit(() -> {
            try {
                while (again.getAndSet(false) && !stopped) {
                    List<SlackRepository.Call> due;
                    do {
                        String claim = UUID.randomUUID().toString();
                        Instant now = clock.instant();
                        due = transactions.execute(s -> repository.claimDue(now, BATCH, claim, now.plus(settings.lease())));
                        if (due == null || due.isEmpty()) {
                            break;
                        }
                        List<java.util.concurrent.Future<?>> running = due.stream()
                                .map(call -> senders.submit(() -> send(call, claim))).collect(java.util.stream.Collectors.toList());
                        for (var f : running) {
                            f.get();
                        }
                    } while (!due.isEmpty());
                }
            } catch (Exception e) {
                log.warn("Sending Slack calls failed: {}", e.toString());
            } finally {
                draining.set(false);
                if (again.get() && !stopped) {
                    wake();
                }
            }
        });
    }

    private void send(SlackRepository.Call call, String claim) {
        SlackRepository.Connection c = repository.connection(call.connectionId()).orElse(null);
        if (c == null || !c.active()) {
            transactions.executeWithoutResult(s -> repository.callFailed(call.id(), claim, "connection disabled"));
            return;
        }
        JsonNode p = json.readTree(call.payload());
        long started = System.nanoTime();
        try {
            run(c, cipher.decrypt(c.tokenEnc()), call, p);
            transactions.executeWithoutResult(s -> repository.callDone(call.id(), claim));
            meters.timer("baton.slack.calls", "op", call.op(), "outcome", "success").record(Duration.ofNanos(System.nanoTime() - started));
        } catch (SlackFailure f) {
            meters.timer("baton.slack.calls", "op", call.op(), "outcome", "failure").record(Duration.ofNanos(System.nanoTime() - started));
            Instant now = clock.instant();
            if (f.revokes()) {
                transactions.executeWithoutResult(s -> repository.callFailed(call.id(), claim, f.error));
                connections.revoke(c, f.error);
            } else if (f.retryable() && now.isBefore(call.createdAt().plus(settings.retryFor()))) {
                Duration wait = f.retryAfter != null ? f.retryAfter : backoff(call.attempts());
                transactions.executeWithoutResult(s -> repository.callRetry(call.id(), claim, f.error, now.plus(wait)));
            } else {
                log.warn("Slack call {} ({}) failed: {}", call.id(), call.op(), f.error);
                transactions.executeWithoutResult(s -> {
                    repository.callFailed(call.id(), claim, f.error);
                    repository.setLastError(c.id(), f.error, now);
                });
            }
        } catch (RuntimeException e) {
            log.warn("Slack call {} ({}) failed", call.id(), call.op(), e);
            Instant now = clock.instant();
            transactions.executeWithoutResult(s -> repository.callRetry(call.id(), claim, e.toString(), now.plus(backoff(call.attempts()))));
        }
    }

    private Duration backoff(int attempts) {
        long millis = settings.retryBase().toMillis() << Math.min(attempts, 6);
        return Duration.ofMillis(Math.min(millis, 60_000));
    }

    private void run(SlackRepository.Connection c, String token, SlackRepository.Call call, JsonNode p) {
        String op = call.op();
        switch (op) {
            case POST_REQUEST -> {
                long handoffId = p.path("handoff_id").asLong();
                SlackRepository.Request r = repository.request(handoffId).orElse(null);
                if (r == null || r.messageTs() != null) {
                    return;
                }
                String ts = slack.post(token, r.channelId(), p.path("text").asString(), p.path("blocks").asString());
                transactions.executeWithoutResult(s -> repository.setRequestTs(handoffId, ts));
            }
            case UPDATE_REQUEST -> {
                SlackRepository.Request r = repository.request(p.path("handoff_id").asLong()).orElse(null);
                if (r == null || r.messageTs() == null) {
                    return;
                }
                String text = p.path("text").asString();
                slack.update(token, r.channelId(), r.messageTs(), text, SlackMessages.textOnly(text));
            }
            case CREATE_ROOM -> createRoom(c, token, p);
            case POST_MESSAGE -> {
                SlackRepository.Room room = repository.room(p.path("conversation_id").asLong()).orElse(null);
                if (room == null || room.channelId() == null) {
                    throw new SlackFailure("channel_not_created_yet", null, true);
                }
                slack.post(token, room.channelId(), SlackText.escape(p.path("text").asString()), null);
            }
            case UPLOAD_FILE -> {
                SlackRepository.Room room = repository.room(p.path("conversation_id").asLong()).orElse(null);
                if (room == null || room.channelId() == null) {
                    throw new SlackFailure("channel_not_created_yet", null, true);
                }
                long id = p.path("attachment_id").asLong();
                Attachments.Image image = attachments.images(p.path("message_id").asLong()).stream()
                        .filter(i -> i.id() == id).findFirst().orElse(null);
                if (image == null) {
                    return; // the message was deleted (personal data removed) before it went out
                }
                byte[] bytes;
                try {
                    bytes = attachments.read(image);
                } catch (java.io.UncheckedIOException e) {
                    log.warn("Image {} of conversation {} not uploaded to Slack: {}", id, room.conversationId(), e.getMessage());
                    return; // removed from storage meanwhile: nothing to send, and retrying would not bring it back
                }
                slack.upload(token, room.channelId(), image.fileName(), bytes);
            }
            case ARCHIVE -> {
                SlackRepository.Room room = repository.room(p.path("conversation_id").asLong()).orElse(null);
                if (room == null || room.channelId() == null) {
                    return;
                }
                try {
                    slack.post(token, room.channelId(), p.path("text").asString(), null);
                } catch (SlackFailure f) {
                    if (!"is_archived".equals(f.error) && !f.retryable() && !f.revokes()) {
                        log.info("Closing note not posted in {}: {}", room.channelId(), f.error);
                    } else if (!"is_archived".equals(f.error)) {
                        throw f;
                    }
                }
                slack.archive(token, room.channelId());
            }
            case RELAY_IN -> toVisitor.relay(c, token, p, call.createdAt());
            case STATUS -> toVisitor.changeStatus(c, p);
            case EPHEMERAL -> slack.ephemeral(token, p.path("channel").asString(), p.path("user").asString(), p.path("text").asString());
            default -> throw SlackFailure.error("unknown_op " + op);
        }
    }

    /** Accept: the channel (retried on name_taken), the agent invited, the context posted, the request updated. */
    private void createRoom(SlackRepository.Connection c, String token, JsonNode p) {
        long conversationId = p.path("conversation_id").asLong();
        SlackRepository.Room room = repository.room(conversationId).orElse(null);
        if (room == null || SlackRepository.Room.ARCHIVED.equals(room.state())) {
            return;
        }
        String channelId = room.channelId();
        String name = room.name();
        if (channelId == null) {
            SlackFailure last = null;
            for (int attempt = 0; attempt < 5 && channelId == null; attempt++) {
                name = SlackText.channelName(p.path("visitor").asString(), suffix());
                try {
                    channelId = slack.createChannel(token, name);
                } catch (SlackFailure f) {
                    if (!"name_taken".equals(f.error)) {
                        throw f;
                    }
                    last = f;
                }
            }
            if (channelId == null) {
                throw last;
            }
            String created = channelId;
            String createdName = name;
            transactions.executeWithoutResult(s -> repository.roomCreated(conversationId, created, createdName));
        }
        slack.invite(token, channelId, room.slackUserId());
        slack.post(token, channelId, p.path("context").asString(), SlackMessages.context(p.path("context").asString(), conversationId));
        String accepted = "Accepted by <@" + room.slackUserId() + "> → <#" + channelId + ">";
        repository.request(room.handoffId()).filter(r -> r.messageTs() != null).ifPresent(r ->
                slack.update(token, r.channelId(), r.messageTs(), accepted, SlackMessages.textOnly(accepted)));
    }

    private String suffix() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    @Override
    public void destroy() {
        stopped = true;
        senders.shutdown();
    }
}
