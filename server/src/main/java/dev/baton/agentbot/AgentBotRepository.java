package dev.baton.agentbot;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class AgentBotRepository {

    private static final String COLUMNS = "id, account_id, name, description, outgoing_url, avatar_url, events, endpoint_id, "
            + "max_failures, reply_deadline_seconds, created_at, updated_at";

    private final JdbcClient jdbc;

    AgentBotRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(AgentBot b, String tokenHash) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO agent_bot (account_id, name, description, outgoing_url, avatar_url, events, endpoint_id,
                    max_failures, reply_deadline_seconds, access_token_hash, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(b.accountId(), b.name(), b.description(), b.outgoingUrl(), b.avatarUrl(), String.join(",", b.events()),
                        b.endpointId(), b.maxFailures(), b.replyDeadlineSeconds(), tokenHash, b.createdAt().atOffset(ZoneOffset.UTC), b.updatedAt().atOffset(ZoneOffset.UTC))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    void update(AgentBot b) {
        jdbc.sql("""
                UPDATE agent_bot SET name = ?, description = ?, outgoing_url = ?, avatar_url = ?, events = ?, endpoint_id = ?,
                    max_failures = ?, reply_deadline_seconds = ?, updated_at = ?
                WHERE id = ? AND account_id = ?""")
                .params(b.name(), b.description(), b.outgoingUrl(), b.avatarUrl(), String.join(",", b.events()), b.endpointId(),
                        b.maxFailures(), b.replyDeadlineSeconds(), b.updatedAt().atOffset(ZoneOffset.UTC), b.id(), b.accountId())
                .update();
    }

    void updateTokenHash(long accountId, long id, String tokenHash) {
        jdbc.sql("UPDATE agent_bot SET access_token_hash = ? WHERE id = ? AND account_id = ?").params(tokenHash, id, accountId)
                .update();
    }

    void delete(long accountId, long id) {
        jdbc.sql("DELETE FROM agent_bot WHERE id = ? AND account_id = ?").params(id, accountId).update();
    }

    Optional<AgentBot> find(long accountId, long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agent_bot WHERE id = ? AND account_id = ?").params(id, accountId)
                .query(AgentBotRepository::bot).optional();
    }

    Optional<AgentBot> findLocked(long accountId, long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agent_bot WHERE id = ? AND account_id = ? FOR UPDATE").params(id, accountId)
                .query(AgentBotRepository::bot).optional();
    }

    Optional<AgentBot> findByTokenHash(String hash) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agent_bot WHERE access_token_hash = ?").params(hash)
                .query(AgentBotRepository::bot).optional();
    }

    /** An account's bots, oldest first, {@code limit} after the id {@code after} (keyset). */
    List<AgentBot> list(long accountId, long after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agent_bot WHERE account_id = ? AND id > ? ORDER BY id LIMIT ?")
                .params(accountId, after, limit).query(AgentBotRepository::bot).list();
    }

    List<AgentBot> byIds(long accountId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM agent_bot WHERE account_id = :account AND id IN (:ids)")
                .param("account", accountId).param("ids", ids).query(AgentBotRepository::bot).list();
    }

    int count(long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM agent_bot WHERE account_id = ?").params(accountId).query(Integer.class).single();
    }

    private static AgentBot bot(ResultSet rs, int row) throws SQLException {
        String events = rs.getString("events");
        return new AgentBot(rs.getLong("id"), rs.getLong("account_id"), rs.getString("name"), rs.getString("description"),
                rs.getString("outgoing_url"), rs.getString("avatar_url"),
                events == null || events.isBlank() ? List.of() : Arrays.asList(events.split(",")), rs.getLong("endpoint_id"),
                rs.getInt("max_failures"), rs.getInt("reply_deadline_seconds"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
