package dev.baton.routing;

import static dev.baton.shared.SqlTimes.utc;
import static dev.baton.shared.SqlTimes.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Routing's tables. Lock order, everywhere: queue_lock, handoff, offer, agent_status, then (through the
 * conversation service) the conversation row. Sweeps take rows with SKIP LOCKED so nodes share the work; a
 * dispatch and the workspace heartbeat take agent_status rows with SKIP LOCKED too, so neither ever waits on an
 * agent's row (ADR 0064): a dispatch treats a skipped agent as busy for that pass, the heartbeat leaves the row for
 * its next beat.
 */
@Repository
class RoutingRepository {

    record StatusRow(long accountId, long userId, AgentStatus status, Instant changedAt, Instant lastSeenAt, Instant idleSince) {
    }

    record PageRule(long userId, long inboxId, String pattern) {
    }

    private final JdbcClient jdbc;

    RoutingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    // ---- queue locks

    /** Creates the queue's lock row if missing; run in its own transaction (a duplicate is harmless). */
    void ensureQueueKey(String key) {
        try {
            jdbc.sql("INSERT INTO queue_lock (queue_key) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM queue_lock WHERE queue_key = ?)")
                    .params(key, key).update();
        } catch (DuplicateKeyException e) {
            // another node created it at the same moment
        }
    }

    boolean lockQueue(String key) {
        return jdbc.sql("SELECT queue_key FROM queue_lock WHERE queue_key = ? FOR UPDATE").param(key)
                .query(String.class).optional().isPresent();
    }

    // ---- agent status

    void ensureStatus(long accountId, long userId, Instant now) {
        try {
            jdbc.sql("""
                    INSERT INTO agent_status (account_id, user_id, status, changed_at)
                    SELECT ?, ?, 'offline', ? WHERE NOT EXISTS (SELECT 1 FROM agent_status WHERE account_id = ? AND user_id = ?)""")
                    .params(accountId, userId, utc(now), accountId, userId).update();
        } catch (DuplicateKeyException e) {
            // created concurrently
        }
    }

    Optional<StatusRow> lockStatus(long accountId, long userId) {
        return jdbc.sql("SELECT * FROM agent_status WHERE account_id = ? AND user_id = ? FOR UPDATE")
                .params(accountId, userId).query(RoutingRepository::status).optional();
    }

    /**
     * The agent's row, locked, or empty when another transaction holds it (or it is missing): a dispatch never waits
     * on an agent's row (ADR 0064).
     */
    Optional<StatusRow> tryLockStatus(long accountId, long userId) {
        return jdbc.sql("SELECT * FROM agent_status WHERE account_id = ? AND user_id = ? FOR UPDATE SKIP LOCKED")
                .params(accountId, userId).query(RoutingRepository::status).optional();
    }

    Optional<StatusRow> status(long accountId, long userId) {
        return jdbc.sql("SELECT * FROM agent_status WHERE account_id = ? AND user_id = ?")
                .params(accountId, userId).query(RoutingRepository::status).optional();
    }

    List<StatusRow> statuses(long accountId, Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM agent_status WHERE account_id = :account AND user_id IN (:users)")
                .param("account", accountId).param("users", userIds).query(RoutingRepository::status).list();
    }

    List<StatusRow> statusesOfAccount(long accountId, int limit) {
        return jdbc.sql("SELECT * FROM agent_status WHERE account_id = ? ORDER BY user_id LIMIT ?")
                .params(accountId, limit).query(RoutingRepository::status).list();
    }

    List<Long> accountsOfUser(long userId) {
        return jdbc.sql("SELECT account_id FROM agent_status WHERE user_id = ?").param(userId).query(Long.class).list();
    }

    void setStatus(long accountId, long userId, AgentStatus status, Instant now, Instant idleSince) {
        jdbc.sql("UPDATE agent_status SET status = ?, changed_at = ?, idle_since = ? WHERE account_id = ? AND user_id = ?")
                .params(status.wire(), utc(now), utc(idleSince), accountId, userId).update();
    }

    void setIdleSince(long accountId, long userId, Instant idleSince) {
        jdbc.sql("UPDATE agent_status SET idle_since = ? WHERE account_id = ? AND user_id = ?")
                .params(utc(idleSince), accountId, userId).update();
    }

    void seen(Collection<Long> userIds, Instant now) {
        if (!userIds.isEmpty()) {
            // An agent who never chose a status has no row yet: without one, a connected workspace would count
            // as not connected (and its agent be mailed about handoffs). The row starts offline, as ensureStatus's.
            jdbc.sql("""
                    INSERT INTO agent_status (account_id, user_id, status, changed_at, last_seen_at)
                    SELECT m.account_id, m.user_id, 'offline', :now, :now FROM membership m
                    WHERE m.user_id IN (:users)
                      AND NOT EXISTS (SELECT 1 FROM agent_status s WHERE s.account_id = m.account_id AND s.user_id = m.user_id)
                    ON CONFLICT DO NOTHING""")
                    .param("now", utc(now)).param("users", userIds).update();
            // Only the rows nobody holds (a dispatch reserving the agent, a status change): the heartbeat never waits
            // on an agent's row, and takes the ones it updates in key order. A row skipped now is seen at the next beat;
            // the cutoffs span several beats (ADR 0064).
            List<Object[]> free = jdbc.sql("""
                    SELECT account_id, user_id FROM agent_status WHERE user_id IN (:users)
                    ORDER BY account_id, user_id FOR UPDATE SKIP LOCKED""")
                    .param("users", userIds).query((rs, row) -> new Object[] {rs.getLong(1), rs.getLong(2)}).list();
            if (!free.isEmpty()) {
                jdbc.sql("UPDATE agent_status SET last_seen_at = :now WHERE (account_id, user_id) IN (:keys)")
                        .param("now", utc(now)).param("keys", free).update();
            }
        }
    }

    /** Agents shown online whose workspace has not been seen since {@code cutoff}; taken with SKIP LOCKED. */
    List<StatusRow> lockStale(Instant cutoff, int limit) {
        return jdbc.sql("""
                SELECT * FROM agent_status WHERE status <> 'offline' AND (last_seen_at IS NULL OR last_seen_at < ?)
                ORDER BY account_id, user_id LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(utc(cutoff), limit).query(RoutingRepository::status).list();
    }

    private static StatusRow status(ResultSet rs, int row) throws SQLException {
        return new StatusRow(rs.getLong("account_id"), rs.getLong("user_id"), AgentStatus.fromWire(rs.getString("status")),
                instant(rs, "changed_at"), instant(rs, "last_seen_at"), instant(rs, "idle_since"));
    }

    // ---- page rules

    List<PageRule> pageRules(long accountId, long inboxId, Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT user_id, inbox_id, pattern FROM agent_page_rule WHERE account_id = :a AND inbox_id = :i AND user_id IN (:u)")
                .param("a", accountId).param("i", inboxId).param("u", userIds)
                .query((rs, row) -> new PageRule(rs.getLong(1), rs.getLong(2), rs.getString(3))).list();
    }

    /** Every agent's rules for one inbox. */
    List<PageRule> pageRulesOfInbox(long accountId, long inboxId) {
        return jdbc.sql("SELECT user_id, inbox_id, pattern FROM agent_page_rule WHERE account_id = ? AND inbox_id = ?")
                .params(accountId, inboxId).query((rs, row) -> new PageRule(rs.getLong(1), rs.getLong(2), rs.getString(3))).list();
    }

    List<PageRule> pageRulesOf(long accountId, long userId) {
        return jdbc.sql("SELECT user_id, inbox_id, pattern FROM agent_page_rule WHERE account_id = ? AND user_id = ? ORDER BY id")
                .params(accountId, userId).query((rs, row) -> new PageRule(rs.getLong(1), rs.getLong(2), rs.getString(3))).list();
    }

    void replacePageRules(long accountId, long userId, List<PageRule> rules) {
        jdbc.sql("DELETE FROM agent_page_rule WHERE account_id = ? AND user_id = ?").params(accountId, userId).update();
        for (PageRule rule : rules) {
            jdbc.sql("INSERT INTO agent_page_rule (account_id, user_id, inbox_id, pattern) VALUES (?, ?, ?, ?)")
                    .params(accountId, userId, rule.inboxId(), rule.pattern()).update();
        }
    }

    // ---- handoffs

    long insertHandoff(Handoff h) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO handoff (account_id, conversation_id, inbox_id, kind, team_id, target_agent_id, requested_by, reason,
                    summary, page_url, state, requested_at, deadline_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(h.accountId(), h.conversationId(), h.inboxId(), h.kind().name().toLowerCase(java.util.Locale.ROOT),
                        h.teamId(), h.targetAgentId(), h.requestedBy(), h.reason(), h.summary(), h.pageUrl(), h.state(),
                        utc(h.requestedAt()), utc(h.deadlineAt()))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<Handoff> handoff(long id) {
        return jdbc.sql("SELECT * FROM handoff WHERE id = ?").param(id).query(RoutingRepository::handoff).optional();
    }

    /** When a done handoff ended (null while it waits). */
    Optional<Instant> handoffEndedAt(long id) {
        return jdbc.sql("SELECT ended_at FROM handoff WHERE id = ?").param(id)
                .query((rs, row) -> Optional.ofNullable(instant(rs, "ended_at"))).optional().flatMap(o -> o);
    }

    Optional<Handoff> lockHandoff(long id) {
        return jdbc.sql("SELECT * FROM handoff WHERE id = ? FOR UPDATE").param(id).query(RoutingRepository::handoff).optional();
    }

    /** Empty when another node holds it: sweeps skip what someone else is working on. */
    Optional<Handoff> tryLockHandoff(long id) {
        return jdbc.sql("SELECT * FROM handoff WHERE id = ? FOR UPDATE SKIP LOCKED").param(id)
                .query(RoutingRepository::handoff).optional();
    }

    /** Whether the conversation was ever handed off (of kind handoff). */
    boolean hasHandoff(long conversationId) {
        return jdbc.sql("SELECT COUNT(*) FROM handoff WHERE conversation_id = ? AND kind = 'handoff'").param(conversationId)
                .query(Long.class).single() > 0;
    }

    List<Handoff> openHandoffs(long conversationId) {
        return jdbc.sql("SELECT * FROM handoff WHERE conversation_id = ? AND state <> 'done' ORDER BY id").param(conversationId)
                .query(RoutingRepository::handoff).list();
    }

    /** The queue in FIFO order: handoffs of a team, or of an inbox without a team. */
    List<Handoff> queue(String queueKey, String state, int limit) {
        String where = queueKey.startsWith("team:") ? "team_id = :id" : "team_id IS NULL AND inbox_id = :id";
        String states = state == null ? "state <> 'done'" : "state = :state";
        var spec = jdbc.sql("SELECT * FROM handoff WHERE " + where + " AND kind = 'handoff' AND " + states
                        + " ORDER BY requested_at, id LIMIT :limit")
                .param("id", Long.parseLong(queueKey.substring(queueKey.indexOf(':') + 1))).param("limit", limit);
        if (state != null) {
            spec = spec.param("state", state);
        }
        return spec.query(RoutingRepository::handoff).list();
    }

    /** How many open handoffs of its queue come before {@code h}, in the queue's order (requested_at, id). */
    int aheadOf(Handoff h) {
        String where = h.queueKey().startsWith("team:") ? "team_id = :id" : "team_id IS NULL AND inbox_id = :id";
        return jdbc.sql("SELECT COUNT(*) FROM handoff WHERE " + where + " AND kind = 'handoff' AND state <> 'done'"
                        + " AND (requested_at < :at OR (requested_at = :at AND id < :handoff))")
                .param("id", Long.parseLong(h.queueKey().substring(h.queueKey().indexOf(':') + 1)))
                .param("at", utc(h.requestedAt())).param("handoff", h.id()).query(Integer.class).single();
    }

    /**
     * The waiting handoffs of a queue, oldest first, locked for the dispatcher. Rows someone else is changing
     * (an accept, a cancel) are skipped, and a row that stopped waiting meanwhile no longer matches.
     */
    List<Handoff> lockWaiting(String queueKey, int limit) {
        String where = queueKey.startsWith("team:") ? "team_id = :id" : "team_id IS NULL AND inbox_id = :id";
        return jdbc.sql("SELECT * FROM handoff WHERE " + where + " AND kind = 'handoff' AND state = 'waiting'"
                        + " ORDER BY requested_at, id LIMIT :limit FOR UPDATE SKIP LOCKED")
                .param("id", Long.parseLong(queueKey.substring(queueKey.indexOf(':') + 1))).param("limit", limit)
                .query(RoutingRepository::handoff).list();
    }

    /** Queues with a handoff waiting for an offer: the safety net of the periodic sweep. */
    List<String> queuesWithWaiting(int limit) {
        return jdbc.sql("""
                SELECT DISTINCT CASE WHEN team_id IS NOT NULL THEN 'team:' || CAST(team_id AS VARCHAR(20))
                                     ELSE 'inbox:' || CAST(inbox_id AS VARCHAR(20)) END AS queue_key
                FROM handoff WHERE state = 'waiting' AND kind = 'handoff' LIMIT ?""")
                .param(limit).query(String.class).list();
    }

    List<Long> dueHandoffs(Instant now, int limit) {
        return jdbc.sql("SELECT id FROM handoff WHERE state <> 'done' AND deadline_at <= ? ORDER BY deadline_at LIMIT ?")
                .params(utc(now), limit).query(Long.class).list();
    }

    void updateHandoff(long id, String state, String outcome, Long teamId, Instant deadline, Instant firstOffer,
                       Instant acceptedAt, Long acceptedBy, Instant endedAt) {
        jdbc.sql("""
                UPDATE handoff SET state = ?, outcome = ?, team_id = ?, deadline_at = ?, first_offer_at = ?, accepted_at = ?,
                    accepted_by = ?, ended_at = ? WHERE id = ?""")
                .params(state, outcome, teamId, utc(deadline), utc(firstOffer), utc(acceptedAt), acceptedBy, utc(endedAt), id)
                .update();
    }

    /** Why a no_agent handoff ended early ({@link Handoff#CLOSED}); set in the transaction that ends it. */
    void setOutcomeReason(long id, String reason) {
        jdbc.sql("UPDATE handoff SET outcome_reason = ? WHERE id = ?").params(reason, id).update();
    }

    Optional<String> outcomeReason(long id) {
        return jdbc.sql("SELECT outcome_reason FROM handoff WHERE id = ?").param(id).query(String.class).optional();
    }

    /** Moves a handoff to its team's overflow team, once. */
    void overflow(long id, long teamId, Instant deadline) {
        jdbc.sql("UPDATE handoff SET team_id = ?, deadline_at = ?, state = 'waiting', overflowed = TRUE WHERE id = ?")
                .params(teamId, utc(deadline), id).update();
    }

    boolean overflowed(long id) {
        return jdbc.sql("SELECT overflowed FROM handoff WHERE id = ?").param(id).query(Boolean.class).single();
    }

    /** Average queue wait of the queue's last handled handoffs, for the visitor's estimate. */
    Optional<Double> averageWaitSeconds(String queueKey, int last) {
        String where = queueKey.startsWith("team:") ? "team_id = :id" : "team_id IS NULL AND inbox_id = :id";
        List<Long> waits = jdbc.sql("SELECT requested_at, accepted_at FROM handoff WHERE " + where
                        + " AND outcome = 'handled' AND kind = 'handoff' ORDER BY accepted_at DESC LIMIT :last")
                .param("id", Long.parseLong(queueKey.substring(queueKey.indexOf(':') + 1))).param("last", last)
                .query((rs, row) -> instant(rs, "accepted_at").getEpochSecond() - instant(rs, "requested_at").getEpochSecond())
                .list();
        return waits.isEmpty() ? Optional.empty() : Optional.of(waits.stream().mapToLong(Long::longValue).average().orElse(0));
    }

    private static Handoff handoff(ResultSet rs, int row) throws SQLException {
        return new Handoff(rs.getLong("id"), rs.getLong("account_id"), rs.getLong("conversation_id"), rs.getLong("inbox_id"),
                Handoff.Kind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT)), nullableLong(rs, "team_id"),
                nullableLong(rs, "target_agent_id"), nullableLong(rs, "requested_by"), rs.getString("reason"),
                rs.getString("summary"), rs.getString("page_url"), rs.getString("state"), rs.getString("outcome"),
                instant(rs, "requested_at"), instant(rs, "deadline_at"), instant(rs, "first_offer_at"),
                instant(rs, "accepted_at"), nullableLong(rs, "accepted_by"));
    }

    // ---- offers

    long insertOffer(Handoff h, long agentId, Instant now, Instant expires) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO offer (account_id, handoff_id, conversation_id, agent_id, status, created_at, expires_at)
                VALUES (?, ?, ?, ?, 'pending', ?, ?)""")
                .params(h.accountId(), h.id(), h.conversationId(), agentId, utc(now), utc(expires))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<Offer> offer(long id) {
        return jdbc.sql("SELECT * FROM offer WHERE id = ?").param(id).query(RoutingRepository::offer).optional();
    }

    /** Which of these offers are still pending. */
    Set<Long> pendingAmong(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("SELECT id FROM offer WHERE id IN (:ids) AND status = 'pending'").param("ids", ids)
                .query(Long.class).list());
    }

    Optional<Offer> lockOffer(long id) {
        return jdbc.sql("SELECT * FROM offer WHERE id = ? FOR UPDATE").param(id).query(RoutingRepository::offer).optional();
    }

    List<Offer> offersOf(long handoffId) {
        return jdbc.sql("SELECT * FROM offer WHERE handoff_id = ? ORDER BY id").param(handoffId).query(RoutingRepository::offer).list();
    }

    List<Offer> pendingOffersOf(long accountId, long agentId) {
        return jdbc.sql("SELECT * FROM offer WHERE account_id = ? AND agent_id = ? AND status = 'pending' ORDER BY created_at, id")
                .params(accountId, agentId).query(RoutingRepository::offer).list();
    }

    Map<Long, Integer> pendingCounts(long accountId, Collection<Long> agentIds) {
        Map<Long, Integer> counts = new HashMap<>();
        if (agentIds.isEmpty()) {
            return counts;
        }
        jdbc.sql("SELECT agent_id, COUNT(*) AS n FROM offer WHERE account_id = :a AND status = 'pending' AND agent_id IN (:ids) GROUP BY agent_id")
                .param("a", accountId).param("ids", agentIds)
                .query((rs, row) -> Map.entry(rs.getLong(1), rs.getInt(2))).list()
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    List<Long> expiredOfferHandoffs(Instant now, int limit) {
        return jdbc.sql("SELECT DISTINCT handoff_id FROM offer WHERE status = 'pending' AND expires_at <= ? LIMIT ?")
                .params(utc(now), limit).query(Long.class).list();
    }

    void setOfferStatus(long id, String status, Instant now) {
        jdbc.sql("UPDATE offer SET status = ?, responded_at = ? WHERE id = ?").params(status, utc(now), id).update();
    }

    /** Per handoff, the agents who declined or missed its offer (they are not asked again). */
    Map<Long, Set<Long>> agentsWhoPassed(Collection<Long> handoffIds) {
        Map<Long, Set<Long>> passed = new HashMap<>();
        if (handoffIds.isEmpty()) {
            return passed;
        }
        jdbc.sql("SELECT handoff_id, agent_id FROM offer WHERE handoff_id IN (:ids) AND status IN ('declined', 'expired')")
                .param("ids", handoffIds).query((rs, row) -> Map.entry(rs.getLong(1), rs.getLong(2))).list()
                .forEach(e -> passed.computeIfAbsent(e.getKey(), k -> new java.util.HashSet<>()).add(e.getValue()));
        return passed;
    }

    private static Offer offer(ResultSet rs, int row) throws SQLException {
        return new Offer(rs.getLong("id"), rs.getLong("account_id"), rs.getLong("handoff_id"), rs.getLong("conversation_id"),
                rs.getLong("agent_id"), rs.getString("status"), instant(rs, "created_at"), instant(rs, "expires_at"),
                instant(rs, "responded_at"));
    }

    /** Handoffs waiting for a person across the installation (waiting or being offered): the queues' length. */
    long queuedHandoffs() {
        return jdbc.sql("SELECT COUNT(*) FROM handoff WHERE state IN ('waiting', 'offering')").query(Long.class).single();
    }

    /** When the longest-waiting of those was requested (null when none waits). */
    Instant oldestQueuedHandoff() {
        return jdbc.sql("SELECT MIN(requested_at) FROM handoff WHERE state IN ('waiting', 'offering')")
                .query(OffsetDateTime.class).optional().map(OffsetDateTime::toInstant).orElse(null);
    }
}
