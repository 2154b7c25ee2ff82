package dev.baton.inbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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
class InboxRepository {

    private final JdbcClient jdbc;

    InboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(Inbox i) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO inbox (account_id, name, channel_type, identifier, website_url, webhook_url, widget_color,
                    welcome_title, welcome_tagline, greeting_message, locale, allowed_origins, hmac_token, hmac_mandatory,
                    created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(i.accountId(), i.name(), i.channelType().wire(), i.identifier(), i.websiteUrl(), i.webhookUrl(),
                        i.widgetColor(), i.welcomeTitle(), i.welcomeTagline(), i.greetingMessage(), i.locale(),
                        String.join("\n", i.allowedOrigins()), i.hmacToken(), i.hmacMandatory(),
                        i.createdAt().atOffset(ZoneOffset.UTC))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    void updateAutomation(long accountId, long inboxId, Inbox.Automation a) {
        jdbc.sql("""
                UPDATE inbox SET story_id = ?, team_id = ?, handover_keywords = ?, pseudonym_template = ?, no_agent_email = ?
                WHERE id = ? AND account_id = ?""")
                .params(a.storyId(), a.teamId(), String.join("\n", a.handoverKeywords()), a.pseudonymTemplate(),
                        a.noAgentEmail(), inboxId, accountId)
                .update();
        if (a.storyId() != null) {
            setAgentBot(accountId, inboxId, null); // a story replaces the external bot
        }
    }

    /** Binds an external bot (null: none); the inbox's story stops when a bot is set. */
    void setAgentBot(long accountId, long inboxId, Long agentBotId) {
        if (agentBotId != null) {
            jdbc.sql("UPDATE inbox SET agent_bot_id = ?, story_id = NULL WHERE id = ? AND account_id = ?")
                    .params(agentBotId, inboxId, accountId).update();
        } else {
            jdbc.sql("UPDATE inbox SET agent_bot_id = NULL WHERE id = ? AND account_id = ?").params(inboxId, accountId).update();
        }
    }

    List<Long> idsWithAgentBot(long accountId, long agentBotId) {
        return jdbc.sql("SELECT id FROM inbox WHERE account_id = ? AND agent_bot_id = ? ORDER BY id")
                .params(accountId, agentBotId).query(Long.class).list();
    }

    void update(Inbox i) {
        jdbc.sql("""
                UPDATE inbox SET name = ?, website_url = ?, webhook_url = ?, widget_color = ?, welcome_title = ?,
                    welcome_tagline = ?, greeting_message = ?, locale = ?, allowed_origins = ?, hmac_mandatory = ?
                WHERE id = ? AND account_id = ?""")
                .params(i.name(), i.websiteUrl(), i.webhookUrl(), i.widgetColor(), i.welcomeTitle(), i.welcomeTagline(),
                        i.greetingMessage(), i.locale(), String.join("\n", i.allowedOrigins()), i.hmacMandatory(),
                        i.id(), i.accountId())
                .update();
    }

    Optional<Inbox> find(long accountId, long id) {
        return jdbc.sql("SELECT * FROM inbox WHERE id = ? AND account_id = ?").params(id, accountId)
                .query(InboxRepository::inbox).optional();
    }

    Optional<Inbox> findById(long id) {
        return jdbc.sql("SELECT * FROM inbox WHERE id = ?").param(id).query(InboxRepository::inbox).optional();
    }

    List<Inbox> findByIds(java.util.Collection<Long> ids) {
        return ids.isEmpty() ? List.of() : jdbc.sql("SELECT * FROM inbox WHERE id IN (:ids)").param("ids", ids)
                .query(InboxRepository::inbox).list();
    }

    Optional<Inbox> findByIdentifier(String identifier) {
        return jdbc.sql("SELECT * FROM inbox WHERE identifier = ?").param(identifier).query(InboxRepository::inbox).optional();
    }

    List<Inbox> list(long accountId, int limit, long offset) {
        return jdbc.sql("SELECT * FROM inbox WHERE account_id = ? ORDER BY id LIMIT ? OFFSET ?")
                .params(accountId, limit, offset).query(InboxRepository::inbox).list();
    }

    List<Inbox> listForMember(long accountId, long userId, int limit, long offset) {
        return jdbc.sql("""
                SELECT i.* FROM inbox i JOIN inbox_member m ON m.inbox_id = i.id
                WHERE i.account_id = ? AND m.user_id = ? ORDER BY i.id LIMIT ? OFFSET ?""")
                .params(accountId, userId, limit, offset).query(InboxRepository::inbox).list();
    }

    List<Long> inboxIdsOfMember(long accountId, long userId) {
        return jdbc.sql("""
                SELECT i.id FROM inbox i JOIN inbox_member m ON m.inbox_id = i.id
                WHERE i.account_id = ? AND m.user_id = ?""").params(accountId, userId).query(Long.class).list();
    }

    boolean isMember(long inboxId, long userId) {
        return jdbc.sql("SELECT COUNT(*) FROM inbox_member WHERE inbox_id = ? AND user_id = ?")
                .params(inboxId, userId).query(Long.class).single() > 0;
    }

    List<Long> memberIds(long inboxId) {
        return jdbc.sql("SELECT user_id FROM inbox_member WHERE inbox_id = ? ORDER BY user_id").param(inboxId)
                .query(Long.class).list();
    }

    void addMember(long inboxId, long userId) {
        jdbc.sql("""
                INSERT INTO inbox_member (inbox_id, user_id)
                SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM inbox_member WHERE inbox_id = ? AND user_id = ?)""")
                .params(inboxId, userId, inboxId, userId).update();
    }

    void removeMembers(long inboxId, Collection<Long> userIds) {
        if (!userIds.isEmpty()) {
            jdbc.sql("DELETE FROM inbox_member WHERE inbox_id = :inbox AND user_id IN (:users)")
                    .param("inbox", inboxId).param("users", userIds).update();
        }
    }

    void removeMemberFromAccount(long accountId, long userId) {
        jdbc.sql("DELETE FROM inbox_member WHERE user_id = ? AND inbox_id IN (SELECT id FROM inbox WHERE account_id = ?)")
                .params(userId, accountId).update();
    }

    private static Inbox inbox(ResultSet rs, int row) throws SQLException {
        String origins = rs.getString("allowed_origins");
        return new Inbox(rs.getLong("id"), rs.getLong("account_id"), rs.getString("name"),
                ChannelType.fromWire(rs.getString("channel_type")), rs.getString("identifier"),
                rs.getString("website_url"), rs.getString("webhook_url"), rs.getString("widget_color"),
                rs.getString("welcome_title"), rs.getString("welcome_tagline"), rs.getString("greeting_message"),
                rs.getString("locale"),
                origins == null || origins.isBlank() ? List.of() : Arrays.asList(origins.split("\n")),
                rs.getString("hmac_token"), rs.getBoolean("hmac_mandatory"),
                Optional.ofNullable(rs.getObject("created_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant)
                        .orElse(Instant.EPOCH),
                new Inbox.Automation(nullableLong(rs, "story_id"), nullableLong(rs, "team_id"),
                        rs.getString("handover_keywords") == null || rs.getString("handover_keywords").isBlank() ? List.of()
                                : Arrays.asList(rs.getString("handover_keywords").split("\n")),
                        rs.getString("pseudonym_template"), rs.getString("no_agent_email"), nullableLong(rs, "agent_bot_id")));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
