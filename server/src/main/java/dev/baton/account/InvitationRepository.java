package dev.baton.account;

import static dev.baton.shared.SqlTimes.utc;
import static dev.baton.shared.SqlTimes.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class InvitationRepository {

    private final JdbcClient jdbc;

    InvitationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(Invitation i, String tokenHash) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO invitation (account_id, email, name, display_name, role, licensed, capacity, show_bot_conversations,
                                        email_on_new_handoff, token_hash, invited_by, created_at, sent_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(i.accountId(), i.email(), i.name(), i.displayName(), i.role().wire(), i.licensed(), i.capacity(),
                        i.showBotConversations(), i.emailOnNewHandoff(), tokenHash, i.invitedBy(),
                        utc(i.createdAt()), utc(i.sentAt()), utc(i.expiresAt()))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<Invitation> find(long accountId, long id) {
        return jdbc.sql("SELECT * FROM invitation WHERE account_id = ? AND id = ?").params(accountId, id)
                .query(InvitationRepository::invitation).optional();
    }

    Optional<Invitation> findByEmail(long accountId, String email) {
        return jdbc.sql("SELECT * FROM invitation WHERE account_id = ? AND email = ?").params(accountId, email)
                .query(InvitationRepository::invitation).optional();
    }

    /** Locks the invitation: an acceptance and a revocation, or two acceptances, are one after the other. */
    Optional<Invitation> lockByTokenHash(String tokenHash) {
        return jdbc.sql("SELECT * FROM invitation WHERE token_hash = ? FOR UPDATE").param(tokenHash)
                .query(InvitationRepository::invitation).optional();
    }

    Optional<Invitation> findByTokenHash(String tokenHash) {
        return jdbc.sql("SELECT * FROM invitation WHERE token_hash = ?").param(tokenHash)
                .query(InvitationRepository::invitation).optional();
    }

    /** Keyset-paged by id (the primary key), oldest first. */
    List<Invitation> page(long accountId, long afterId, int limit) {
        return jdbc.sql("SELECT * FROM invitation WHERE account_id = ? AND id > ? ORDER BY id LIMIT ?")
                .params(accountId, afterId, limit).query(InvitationRepository::invitation).list();
    }

    void resent(long id, String tokenHash, Instant sentAt, Instant expiresAt) {
        jdbc.sql("UPDATE invitation SET token_hash = ?, sent_at = ?, expires_at = ? WHERE id = ?")
                .params(tokenHash, utc(sentAt), utc(expiresAt), id).update();
    }

    boolean delete(long accountId, long id) {
        return jdbc.sql("DELETE FROM invitation WHERE account_id = ? AND id = ?").params(accountId, id).update() > 0;
    }

    private static Invitation invitation(ResultSet rs, int row) throws SQLException {
        Long invitedBy = rs.getObject("invited_by", Long.class);
        return new Invitation(rs.getLong("id"), rs.getLong("account_id"), rs.getString("email"), rs.getString("name"),
                rs.getString("display_name"), Role.fromWire(rs.getString("role")), rs.getBoolean("licensed"),
                rs.getInt("capacity"), rs.getBoolean("show_bot_conversations"), rs.getBoolean("email_on_new_handoff"),
                invitedBy, instant(rs, "created_at"),
                instant(rs, "sent_at"), instant(rs, "expires_at"));
    }
}
