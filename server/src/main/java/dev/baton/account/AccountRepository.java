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
class AccountRepository {

    private final JdbcClient jdbc;

    AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- accounts

    long insertAccount(String name, String locale, int maxLength, int seats, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO account (name, locale, max_message_length, licence_seats, created_at)
                VALUES (?, ?, ?, ?, ?)""")
                .params(name, locale, maxLength, seats, utc(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<Account> findAccount(long id) {
        return jdbc.sql("SELECT * FROM account WHERE id = ?").param(id).query(AccountRepository::account).optional();
    }

    /** Locks the account row: licence grants are serialised per account. */
    Optional<Account> lockAccount(long id) {
        return jdbc.sql("SELECT * FROM account WHERE id = ? FOR UPDATE").param(id).query(AccountRepository::account).optional();
    }

    void updateAccount(Account a) {
        jdbc.sql("""
                UPDATE account SET name = ?, locale = ?, max_message_length = ?, licence_seats = ?, wrap_up_required = ?, time_zone = ?,
                    escalation_label = ?, working_hours_enabled = ?, working_hours = ?, holidays = ? WHERE id = ?""")
                .params(a.name(), a.locale(), a.maxMessageLength(), a.licenceSeats(), a.wrapUpRequired(), a.timeZone(), a.escalationLabel(),
                        a.businessHours().enabled(), a.businessHours().weekText(), a.businessHours().holidaysText(), a.id())
                .update();
    }

    boolean anyAccount() {
        return jdbc.sql("SELECT COUNT(*) FROM account").query(Long.class).single() > 0;
    }

    List<Account> accountsOf(long userId) {
        return jdbc.sql("""
                SELECT a.* FROM account a JOIN membership m ON m.account_id = a.id
                WHERE m.user_id = ? ORDER BY a.id""").param(userId).query(AccountRepository::account).list();
    }

    private static Account account(ResultSet rs, int row) throws SQLException {
        return new Account(rs.getLong("id"), rs.getString("name"), rs.getString("locale"),
                rs.getInt("max_message_length"), rs.getInt("licence_seats"), rs.getBoolean("wrap_up_required"),
                rs.getString("time_zone"), rs.getString("escalation_label"), instant(rs, "created_at"),
                BusinessHours.stored(rs.getBoolean("working_hours_enabled"), rs.getString("working_hours"), rs.getString("holidays")));
    }

    // ---- users

    record UserRow(long id, String email, String name, String displayName, String avatarUrl, String passwordHash,
                   String locale) {
    }

    long insertUser(String email, String name, String displayName, String passwordHash, String tokenHash, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO app_user (email, name, display_name, password_hash, access_token_hash, created_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(email, name, displayName, passwordHash, tokenHash, utc(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    void updateTokenHash(long id, String tokenHash) {
        jdbc.sql("UPDATE app_user SET access_token_hash = ? WHERE id = ?").params(tokenHash, id).update();
    }

    /**
     * Ends the user's sessions (Spring Session's table, V20; principal_name is the user id), all but {@code keep}
     * when it is given: in the caller's transaction, so a password change and the end of the other sessions are one.
     */
    int endSessions(long userId, String keep) {
        return keep == null
                ? jdbc.sql("DELETE FROM spring_session WHERE principal_name = ?").param(String.valueOf(userId)).update()
                : jdbc.sql("DELETE FROM spring_session WHERE principal_name = ? AND session_id <> ?")
                        .params(String.valueOf(userId), keep).update();
    }

    Optional<UserRow> findUserByEmail(String email) {
        return jdbc.sql("SELECT * FROM app_user WHERE email = ?").param(email).query(AccountRepository::user).optional();
    }

    Optional<UserRow> findUserByTokenHash(String tokenHash) {
        return jdbc.sql("SELECT * FROM app_user WHERE access_token_hash = ?").param(tokenHash).query(AccountRepository::user).optional();
    }

    Optional<UserRow> findUser(long id) {
        return jdbc.sql("SELECT * FROM app_user WHERE id = ?").param(id).query(AccountRepository::user).optional();
    }

    void updateUserProfile(long id, String name, String displayName, String avatarUrl, String locale) {
        jdbc.sql("UPDATE app_user SET name = ?, display_name = ?, avatar_url = ?, locale = ? WHERE id = ?")
                .params(name, displayName, avatarUrl, locale, id).update();
    }

    // ---- avatars (V126)

    /** The user's avatar and the URL that names it, in one transaction: never a URL without its picture. */
    void saveAvatar(long userId, String version, byte[] png, String url, Instant now) {
        if (jdbc.sql("UPDATE avatar SET version = ?, image = ?, updated_at = ? WHERE user_id = ?")
                .params(version, png, utc(now), userId).update() == 0) {
            jdbc.sql("INSERT INTO avatar (user_id, version, image, updated_at) VALUES (?, ?, ?, ?)")
                    .params(userId, version, png, utc(now)).update();
        }
        jdbc.sql("UPDATE app_user SET avatar_url = ? WHERE id = ?").params(url, userId).update();
    }

    /** The user's avatar PNG when its version is still this one. */
    Optional<byte[]> avatar(long userId, String version) {
        return jdbc.sql("SELECT image FROM avatar WHERE user_id = ? AND version = ?").params(userId, version)
                .query((rs, row) -> rs.getBytes("image")).optional();
    }

    void updatePassword(long id, String hash) {
        jdbc.sql("UPDATE app_user SET password_hash = ? WHERE id = ?").params(hash, id).update();
    }

    private static UserRow user(ResultSet rs, int row) throws SQLException {
        return new UserRow(rs.getLong("id"), rs.getString("email"), rs.getString("name"), rs.getString("display_name"),
                rs.getString("avatar_url"), rs.getString("password_hash"), rs.getString("locale"));
    }

    // ---- memberships

    void insertMembership(long accountId, long userId, Role role, boolean licensed, int capacity, Preferences preferences,
                          Instant now) {
        jdbc.sql("""
                INSERT INTO membership (account_id, user_id, role, licensed, capacity, show_bot_conversations,
                                        email_on_new_handoff, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(accountId, userId, role.wire(), licensed, capacity, preferences.showBotConversations(),
                        preferences.emailOnNewHandoff(), utc(now))
                .update();
    }

    Optional<Membership> findMembership(long accountId, long userId) {
        return jdbc.sql("SELECT * FROM membership WHERE account_id = ? AND user_id = ?")
                .params(accountId, userId).query(AccountRepository::membership).optional();
    }

    List<Membership> membershipsOf(long userId) {
        return jdbc.sql("SELECT * FROM membership WHERE user_id = ? ORDER BY account_id")
                .param(userId).query(AccountRepository::membership).list();
    }

    void updateMembership(long accountId, long userId, Role role, boolean licensed, int capacity) {
        jdbc.sql("UPDATE membership SET role = ?, licensed = ?, capacity = ? WHERE account_id = ? AND user_id = ?")
                .params(role.wire(), licensed, capacity, accountId, userId).update();
    }

    void updatePreferences(long accountId, long userId, Preferences preferences) {
        jdbc.sql("""
                UPDATE membership SET show_bot_conversations = ?, email_on_new_handoff = ?
                WHERE account_id = ? AND user_id = ?""")
                .params(preferences.showBotConversations(), preferences.emailOnNewHandoff(), accountId, userId).update();
    }

    void updateSound(long accountId, long userId, Sound sound) {
        jdbc.sql("UPDATE membership SET sound_on_new_message = ?, sound_volume = ? WHERE account_id = ? AND user_id = ?")
                .params(sound.onNewMessage(), sound.volume(), accountId, userId).update();
    }

    record MemberNames(String name, String displayName, String avatarUrl) {
    }

    MemberNames memberNames(long accountId, long userId) {
        return jdbc.sql("SELECT name, display_name, avatar_url FROM membership WHERE account_id = ? AND user_id = ?")
                .params(accountId, userId)
                .query((rs, row) -> new MemberNames(rs.getString(1), rs.getString(2), rs.getString(3))).single();
    }

    /** The account's names for a member (null: the person's own). */
    void updateMemberNames(long accountId, long userId, String name, String displayName, String avatarUrl) {
        jdbc.sql("UPDATE membership SET name = ?, display_name = ?, avatar_url = ? WHERE account_id = ? AND user_id = ?")
                .params(name, displayName, avatarUrl, accountId, userId).update();
    }

    void deleteMembership(long accountId, long userId) {
        jdbc.sql("DELETE FROM membership WHERE account_id = ? AND user_id = ?").params(accountId, userId).update();
    }

    int countLicensed(long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM membership WHERE account_id = ? AND licensed = TRUE")
                .param(accountId).query(Integer.class).single();
    }

    int countAdministrators(long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM membership WHERE account_id = ? AND role = 'administrator'")
                .param(accountId).query(Integer.class).single();
    }

    void updateAvailability(long accountId, long userId, Availability availability) {
        jdbc.sql("UPDATE membership SET availability = ? WHERE account_id = ? AND user_id = ? AND availability <> ?")
                .params(availability.wire(), accountId, userId, availability.wire()).update();
    }

    void recordMessage(long accountId, long userId, Instant at) {
        jdbc.sql("""
                UPDATE membership SET message_count = message_count + 1, last_activity_at = ?
                WHERE account_id = ? AND user_id = ?""").params(utc(at), accountId, userId).update();
    }

    private static final String AGENT_COLUMNS = """
            SELECT u.id, u.email, COALESCE(m.name, u.name) AS name, COALESCE(m.display_name, u.display_name) AS display_name,
                   COALESCE(m.avatar_url, u.avatar_url) AS avatar_url, u.locale,
                   m.account_id, m.role, m.licensed, m.capacity, m.last_activity_at, m.message_count,
                   m.show_bot_conversations, m.email_on_new_handoff, m.availability
            FROM membership m JOIN app_user u ON u.id = m.user_id""";

    List<Agent> agents(long accountId, int limit, long offset) {
        return jdbc.sql(AGENT_COLUMNS + " WHERE m.account_id = ? ORDER BY COALESCE(m.name, u.name), u.id LIMIT ? OFFSET ?")
                .params(accountId, limit, offset).query(AccountRepository::agent).list();
    }

    List<Agent> agentsByIds(long accountId, java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(AGENT_COLUMNS + " WHERE m.account_id = :account AND u.id IN (:ids)")
                .param("account", accountId).param("ids", ids).query(AccountRepository::agent).list();
    }

    Optional<Agent> agent(long accountId, long userId) {
        return jdbc.sql(AGENT_COLUMNS + " WHERE m.account_id = ? AND u.id = ?")
                .params(accountId, userId).query(AccountRepository::agent).optional();
    }

    List<Long> userIdsWithRoles(long accountId, List<String> roles) {
        return jdbc.sql("SELECT user_id FROM membership WHERE account_id = :account AND role IN (:roles)")
                .param("account", accountId).param("roles", roles).query(Long.class).list();
    }

    private static Agent agent(ResultSet rs, int row) throws SQLException {
        return new Agent(rs.getLong("id"), rs.getLong("account_id"), rs.getString("name"), rs.getString("display_name"),
                rs.getString("email"), rs.getString("avatar_url"), rs.getString("locale"), Role.fromWire(rs.getString("role")),
                rs.getBoolean("licensed"), rs.getInt("capacity"), instant(rs, "last_activity_at"), rs.getLong("message_count"),
                rs.getBoolean("show_bot_conversations"), rs.getBoolean("email_on_new_handoff"),
                Availability.fromWire(rs.getString("availability")));
    }

    private static Membership membership(ResultSet rs, int row) throws SQLException {
        return new Membership(rs.getLong("account_id"), rs.getLong("user_id"), Role.fromWire(rs.getString("role")),
                rs.getBoolean("licensed"), rs.getInt("capacity"), instant(rs, "last_activity_at"), rs.getLong("message_count"),
                rs.getBoolean("show_bot_conversations"), rs.getBoolean("email_on_new_handoff"),
                new Sound(rs.getBoolean("sound_on_new_message"), rs.getInt("sound_volume")));
    }
}
