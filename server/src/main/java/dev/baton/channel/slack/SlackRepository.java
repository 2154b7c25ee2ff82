package dev.baton.channel.slack;

import static dev.baton.shared.SqlTimes.utc;
import static dev.baton.shared.SqlTimes.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The Slack bridge's tables (V100__slack.sql). */
@Repository
class SlackRepository {

    /**
     * Who a connection belongs to: an inbox (its handoffs' requests, and the fallback of its teams), or a Baton team
     * (the requests of handoffs routed to it). {@code teamId} elsewhere in this package is Slack's workspace id.
     */
    record Holder(Long inboxId, Long batonTeamId) {
        static Holder inbox(long id) {
            return new Holder(id, null);
        }

        static Holder team(long id) {
            return new Holder(null, id);
        }

        /** The column naming the holder: one of two constants, never from input. */
        String column() {
            return inboxId != null ? "inbox_id" : "baton_team_id";
        }

        long id() {
            return inboxId != null ? inboxId : batonTeamId;
        }
    }

    record Connection(long id, long accountId, Long inboxId, Long batonTeamId, String teamId, String teamName, String botUserId,
                      String tokenEnc, String status, String disabledReason, String lastError, String requestChannelId,
                      String requestChannelName, Instant createdAt, Instant updatedAt) {
        static final String ACTIVE = "active";
        static final String DISABLED = "disabled";

        boolean active() {
            return ACTIVE.equals(status);
        }
    }

    record Request(long handoffId, long connectionId, long accountId, long conversationId, String channelId, String messageTs,
                   String state, String slackUserId) {
        static final String PENDING = "pending";
        static final String ACCEPTED = "accepted";
        static final String CLOSED = "closed";
    }

    record Room(long conversationId, long connectionId, long accountId, long handoffId, String channelId, String name,
                String slackUserId, long agentId, String state) {
        static final String CREATING = "creating";
        static final String OPEN = "open";
        static final String ARCHIVED = "archived";
    }

    record Call(long id, long connectionId, String orderKey, String op, String payload, int attempts, Instant createdAt) {
    }

    private static final String CONNECTION = """
            id, account_id, inbox_id, baton_team_id, team_id, team_name, bot_user_id, token_enc, status, disabled_reason, last_error,
            request_channel_id, request_channel_name, created_at, updated_at""";

    private final JdbcClient jdbc;

    SlackRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- connections

    Optional<Connection> connectionOf(Holder holder) {
        return jdbc.sql("SELECT " + CONNECTION + " FROM slack_connection WHERE " + holder.column() + " = ?").param(holder.id())
                .query(SlackRepository::connection).optional();
    }

    Optional<Connection> connection(long id) {
        return jdbc.sql("SELECT " + CONNECTION + " FROM slack_connection WHERE id = ?").param(id)
                .query(SlackRepository::connection).optional();
    }

    /** Whether the account has a connection of any state (a room can only exist with one). */
    boolean anyConnection(long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM (SELECT 1 FROM slack_connection WHERE account_id = ? LIMIT 1) c").param(accountId)
                .query(Long.class).single() > 0;
    }

    List<Connection> connectionsOfTeam(String teamId) {
        return jdbc.sql("SELECT " + CONNECTION + " FROM slack_connection WHERE team_id = ? ORDER BY id").param(teamId)
                .query(SlackRepository::connection).list();
    }

    /** Connects (or reconnects) an inbox or a team; a reconnection keeps the request channel when the workspace is the same. */
    void saveConnection(long accountId, Holder holder, String teamId, String teamName, String botUserId, String tokenEnc,
                        Instant now) {
        int updated = jdbc.sql("""
                UPDATE slack_connection SET team_id = ?, team_name = ?, bot_user_id = ?, token_enc = ?, status = 'active',
                       disabled_reason = NULL, last_error = NULL, updated_at = ?,
                       request_channel_id = CASE WHEN team_id = ? THEN request_channel_id END,
                       request_channel_name = CASE WHEN team_id = ? THEN request_channel_name END
                WHERE\s""" + holder.column() + " = ?")
                .params(teamId, teamName, botUserId, tokenEnc, utc(now), teamId, teamId, holder.id()).update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO slack_connection (account_id, inbox_id, baton_team_id, team_id, team_name, bot_user_id,
                                                  token_enc, status, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)""")
                    .params(accountId, holder.inboxId(), holder.batonTeamId(), teamId, teamName, botUserId, tokenEnc, utc(now), utc(now)).update();
        }
    }

    void setRequestChannel(long connectionId, String channelId, String channelName, Instant now) {
        jdbc.sql("UPDATE slack_connection SET request_channel_id = ?, request_channel_name = ?, updated_at = ? WHERE id = ?")
                .params(channelId, channelName, utc(now), connectionId).update();
    }

    /** Disables an active connection; false when it was disabled already. */
    boolean disable(long connectionId, String reason, Instant now) {
        return jdbc.sql("""
                UPDATE slack_connection SET status = 'disabled', disabled_reason = ?, updated_at = ?
                WHERE id = ? AND status = 'active'""").params(reason, utc(now), connectionId).update() == 1;
    }

    void setLastError(long connectionId, String error, Instant now) {
        jdbc.sql("UPDATE slack_connection SET last_error = ?, updated_at = ? WHERE id = ?").params(error, utc(now), connectionId)
                .update();
    }

    void deleteConnection(long connectionId) {
        jdbc.sql("DELETE FROM slack_connection WHERE id = ?").param(connectionId).update();
    }

    private static Connection connection(ResultSet rs, int row) throws SQLException {
        return new Connection(rs.getLong("id"), rs.getLong("account_id"), rs.getObject("inbox_id", Long.class),
                rs.getObject("baton_team_id", Long.class), rs.getString("team_id"),
                rs.getString("team_name"), rs.getString("bot_user_id"), rs.getString("token_enc"), rs.getString("status"),
                rs.getString("disabled_reason"), rs.getString("last_error"), rs.getString("request_channel_id"),
                rs.getString("request_channel_name"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    // ---- "Add to Slack" states

    void insertInstallState(String nonce, long accountId, Holder holder, long userId, Instant expiresAt, Instant now) {
        jdbc.sql("DELETE FROM slack_install_state WHERE expires_at < ?").param(utc(now)).update();
        jdbc.sql("""
                INSERT INTO slack_install_state (nonce, account_id, inbox_id, baton_team_id, user_id, expires_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(nonce, accountId, holder.inboxId(), holder.batonTeamId(), userId, utc(expiresAt), utc(now)).update();
    }

    /** Takes the state's nonce for good: true exactly once, for the account, inbox or team, and user it was made for. */
    boolean takeInstallState(String nonce, long accountId, Holder holder, long userId) {
        return jdbc.sql("DELETE FROM slack_install_state WHERE nonce = ? AND account_id = ? AND " + holder.column()
                        + " = ? AND user_id = ?")
                .params(nonce, accountId, holder.id(), userId).update() == 1;
    }

    // ---- requests

    void insertRequest(long handoffId, long connectionId, long accountId, long conversationId, String channelId, Instant now) {
        jdbc.sql("""
                INSERT INTO slack_request (handoff_id, connection_id, account_id, conversation_id, channel_id, state, created_at)
                VALUES (?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING""")
                .params(handoffId, connectionId, accountId, conversationId, channelId, utc(now)).update();
    }

    Optional<Request> request(long handoffId) {
        return jdbc.sql("SELECT * FROM slack_request WHERE handoff_id = ?").param(handoffId).query(SlackRepository::request)
                .optional();
    }

    Optional<Request> lockRequest(long handoffId) {
        return jdbc.sql("SELECT * FROM slack_request WHERE handoff_id = ? FOR UPDATE").param(handoffId)
                .query(SlackRepository::request).optional();
    }

    void setRequestTs(long handoffId, String ts) {
        jdbc.sql("UPDATE slack_request SET message_ts = ? WHERE handoff_id = ?").params(ts, handoffId).update();
    }

    /** Moves a request on from pending; false when it was not pending any more. */
    boolean settleRequest(long handoffId, String state, String slackUserId) {
        return jdbc.sql("UPDATE slack_request SET state = ?, slack_user_id = ? WHERE handoff_id = ? AND state = 'pending'")
                .params(state, slackUserId, handoffId).update() == 1;
    }

    private static Request request(ResultSet rs, int row) throws SQLException {
        return new Request(rs.getLong("handoff_id"), rs.getLong("connection_id"), rs.getLong("account_id"),
                rs.getLong("conversation_id"), rs.getString("channel_id"), rs.getString("message_ts"), rs.getString("state"),
                rs.getString("slack_user_id"));
    }

    // ---- rooms

    void insertRoom(long conversationId, long connectionId, long accountId, long handoffId, String slackUserId, long agentId,
                    Instant now) {
        jdbc.sql("DELETE FROM slack_room WHERE conversation_id = ? AND state = 'archived'").param(conversationId).update();
        jdbc.sql("""
                INSERT INTO slack_room (conversation_id, connection_id, account_id, handoff_id, slack_user_id, agent_id, state,
                                        created_at)
                VALUES (?, ?, ?, ?, ?, ?, 'creating', ?) ON CONFLICT DO NOTHING""")
                .params(conversationId, connectionId, accountId, handoffId, slackUserId, agentId, utc(now)).update();
    }

    Optional<Room> room(long conversationId) {
        return jdbc.sql("SELECT * FROM slack_room WHERE conversation_id = ?").param(conversationId).query(SlackRepository::room)
                .optional();
    }

    Optional<Room> roomOfChannel(String channelId) {
        return jdbc.sql("SELECT * FROM slack_room WHERE channel_id = ?").param(channelId).query(SlackRepository::room).optional();
    }

    void roomCreated(long conversationId, String channelId, String name) {
        jdbc.sql("UPDATE slack_room SET channel_id = ?, name = ?, state = 'open' WHERE conversation_id = ? AND state = 'creating'")
                .params(channelId, name, conversationId).update();
    }

    /** Marks a room to be archived; false when it was archived already. */
    boolean archiveRoom(long conversationId) {
        return jdbc.sql("UPDATE slack_room SET state = 'archived' WHERE conversation_id = ? AND state <> 'archived'")
                .param(conversationId).update() == 1;
    }

    private static Room room(ResultSet rs, int row) throws SQLException {
        return new Room(rs.getLong("conversation_id"), rs.getLong("connection_id"), rs.getLong("account_id"),
                rs.getLong("handoff_id"), rs.getString("channel_id"), rs.getString("name"), rs.getString("slack_user_id"),
                rs.getLong("agent_id"), rs.getString("state"));
    }

    // ---- the call outbox

    void queue(long connectionId, String orderKey, String op, String payload, Instant now) {
        jdbc.sql("""
                INSERT INTO slack_call (connection_id, order_key, op, payload, status, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)""").params(connectionId, orderKey, op, payload, utc(now), utc(now))
                .update();
    }

    /**
     * Takes due calls, each the oldest unfinished call of its order key (so one conversation's calls go out one at a
     * time, in order), with a lease: next_attempt_at moves to {@code leaseUntil} under a claim token.
     */
    List<Call> claimDue(Instant now, int limit, String claim, Instant leaseUntil) {
        List<Call> due = jdbc.sql("""
                SELECT c.id, c.connection_id, c.order_key, c.op, c.payload, c.attempts, c.created_at FROM slack_call c
                WHERE c.status = 'pending' AND c.next_attempt_at <= ?
                  AND NOT EXISTS (SELECT 1 FROM slack_call p WHERE p.order_key = c.order_key AND p.status = 'pending' AND p.id < c.id)
                ORDER BY c.next_attempt_at, c.id LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(utc(now), limit).query((rs, row) -> new Call(rs.getLong("id"), rs.getLong("connection_id"),
                        rs.getString("order_key"), rs.getString("op"), rs.getString("payload"), rs.getInt("attempts"),
                        instant(rs, "created_at"))).list();
        if (!due.isEmpty()) {
            jdbc.sql("UPDATE slack_call SET claim = :claim, next_attempt_at = :lease WHERE id IN (:ids)")
                    .param("claim", claim).param("lease", utc(leaseUntil)).param("ids", due.stream().map(Call::id).toList())
                    .update();
        }
        return due;
    }

    void callDone(long id, String claim) {
        jdbc.sql("UPDATE slack_call SET status = 'done', attempts = attempts + 1, last_error = NULL WHERE id = ? AND claim = ?")
                .params(id, claim).update();
    }

    void callRetry(long id, String claim, String error, Instant next) {
        jdbc.sql("UPDATE slack_call SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ? AND claim = ?")
                .params(cut(error), utc(next), id, claim).update();
    }

    void callFailed(long id, String claim, String error) {
        jdbc.sql("UPDATE slack_call SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ? AND claim = ?")
                .params(cut(error), id, claim).update();
    }

    /** Gives up every unfinished call of a connection (its token is gone). */
    void failPending(long connectionId, String error) {
        jdbc.sql("UPDATE slack_call SET status = 'failed', last_error = ? WHERE connection_id = ? AND status = 'pending'")
                .params(cut(error), connectionId).update();
    }

    void deleteFinishedBefore(Instant before) {
        jdbc.sql("DELETE FROM slack_call WHERE status <> 'pending' AND created_at < ?").param(utc(before)).update();
    }

    private static String cut(String s) {
        return s == null || s.length() <= 300 ? s : s.substring(0, 300);
    }

    // ---- what came in already

    boolean eventSeen(String eventId) {
        return jdbc.sql("SELECT COUNT(*) FROM slack_event_seen WHERE event_id = ?").param(eventId).query(Long.class).single() > 0;
    }

    /** True the first time an event id is seen. */
    boolean firstEvent(String eventId, Instant now) {
        return jdbc.sql("INSERT INTO slack_event_seen (event_id, received_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(eventId, utc(now)).update() == 1;
    }

    /** True the first time a message (channel, ts) is seen. */
    /** Whether a Slack message reached the visitor already (so that its files are not fetched again). */
    boolean messageSeen(String channelId, String ts) {
        return jdbc.sql("SELECT COUNT(*) FROM slack_message_seen WHERE channel_id = ? AND ts = ?").params(channelId, ts)
                .query(Long.class).single() > 0;
    }

    boolean firstMessage(String channelId, String ts, Instant now) {
        return jdbc.sql("INSERT INTO slack_message_seen (channel_id, ts, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .params(channelId, ts, utc(now)).update() == 1;
    }
}
