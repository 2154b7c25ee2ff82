package dev.baton.routing;

import dev.baton.account.BusinessHours;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class TeamRepository {

    /** The account already has a team of that name. */
    static final class NameTaken extends RuntimeException {
        NameTaken() {
            super(null, null, false, false);
        }
    }

    private final JdbcClient jdbc;

    TeamRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long accountId, String name, String description, boolean autoAssign, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("INSERT INTO team (account_id, name, description, allow_auto_assign, created_at) VALUES (?, ?, ?, ?, ?)")
                    .params(accountId, name, description, autoAssign, now.atOffset(ZoneOffset.UTC)).update(keys, "id");
        } catch (DuplicateKeyException e) {
            throw new NameTaken();
        }
        return keys.getKey().longValue();
    }

    void update(Team team) {
        try {
            jdbc.sql("""
                    UPDATE team SET name = ?, description = ?, allow_auto_assign = ?, offer_mode = ?, offer_timeout_seconds = ?,
                        handoff_timeout_seconds = ?, overflow_team_id = ?, on_disconnect = ?, working_hours_enabled = ?, timezone = ?,
                        working_hours = ?, holidays = ?
                    WHERE id = ? AND account_id = ?""")
                    .params(team.name(), team.description(), team.allowAutoAssign(), team.offerMode(),
                            team.offerTimeoutSeconds(), team.handoffTimeoutSeconds(), team.overflowTeamId(),
                            team.onDisconnect(), team.hours().enabled(), team.timezone(), team.hours().weekText(),
                            team.hours().holidaysText(), team.id(), team.accountId()).update();
        } catch (DuplicateKeyException e) {
            throw new NameTaken();
        }
    }

    boolean delete(long accountId, long id) {
        return jdbc.sql("DELETE FROM team WHERE id = ? AND account_id = ?").params(id, accountId).update() > 0;
    }

    Optional<Team> find(long accountId, long id) {
        return jdbc.sql("SELECT * FROM team WHERE id = ? AND account_id = ?").params(id, accountId)
                .query(TeamRepository::team).optional();
    }

    List<Team> list(long accountId, int limit, long offset) {
        return jdbc.sql("SELECT * FROM team WHERE account_id = ? ORDER BY name, id LIMIT ? OFFSET ?")
                .params(accountId, limit, offset).query(TeamRepository::team).list();
    }

    List<Long> teamIdsOf(long userId) {
        return jdbc.sql("SELECT team_id FROM team_member WHERE user_id = ?").param(userId).query(Long.class).list();
    }

    List<Long> memberIds(long teamId) {
        return jdbc.sql("SELECT user_id FROM team_member WHERE team_id = ? ORDER BY user_id").param(teamId)
                .query(Long.class).list();
    }

    void addMember(long teamId, long userId) {
        jdbc.sql("""
                INSERT INTO team_member (team_id, user_id)
                SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM team_member WHERE team_id = ? AND user_id = ?)""")
                .params(teamId, userId, teamId, userId).update();
    }

    void removeMembers(long teamId, Collection<Long> userIds) {
        if (!userIds.isEmpty()) {
            jdbc.sql("DELETE FROM team_member WHERE team_id = :team AND user_id IN (:users)")
                    .param("team", teamId).param("users", userIds).update();
        }
    }

    void removeFromAccount(long accountId, long userId) {
        jdbc.sql("DELETE FROM team_member WHERE user_id = ? AND team_id IN (SELECT id FROM team WHERE account_id = ?)")
                .params(userId, accountId).update();
    }

    private static Team team(ResultSet rs, int row) throws SQLException {
        long overflow = rs.getLong("overflow_team_id");
        boolean noOverflow = rs.wasNull();
        return new Team(rs.getLong("id"), rs.getLong("account_id"), rs.getString("name"), rs.getString("description"),
                rs.getBoolean("allow_auto_assign"), rs.getString("offer_mode"), rs.getInt("offer_timeout_seconds"),
                rs.getInt("handoff_timeout_seconds"), noOverflow ? null : overflow, rs.getString("on_disconnect"),
                rs.getString("timezone"), BusinessHours.stored(rs.getBoolean("working_hours_enabled"), rs.getString("working_hours"),
                        rs.getString("holidays")));
    }

    Optional<Team> findById(long id) {
        return jdbc.sql("SELECT * FROM team WHERE id = ?").param(id).query(TeamRepository::team).optional();
    }
}
