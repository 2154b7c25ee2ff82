package dev.baton.bot;

import static dev.baton.shared.SqlTimes.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class StoryRepository {

    private final JdbcClient jdbc;

    StoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long accountId, String name, String draft, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO story (account_id, name, draft, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
                .params(accountId, name, draft, utc(now), utc(now)).update(keys, "id");
        return keys.getKey().longValue();
    }

    void update(long accountId, long id, String name, String draft, Instant now) {
        jdbc.sql("UPDATE story SET name = ?, draft = ?, updated_at = ? WHERE id = ? AND account_id = ?")
                .params(name, draft, utc(now), id, accountId).update();
    }

    Optional<Story> find(long accountId, long id) {
        return jdbc.sql("SELECT * FROM story WHERE id = ? AND account_id = ?").params(id, accountId)
                .query(StoryRepository::story).optional();
    }

    Optional<Story> lock(long accountId, long id) {
        return jdbc.sql("SELECT * FROM story WHERE id = ? AND account_id = ? FOR UPDATE").params(id, accountId)
                .query(StoryRepository::story).optional();
    }

    List<Story> list(long accountId, int limit, long offset) {
        return jdbc.sql("SELECT * FROM story WHERE account_id = ? ORDER BY name, id LIMIT ? OFFSET ?")
                .params(accountId, limit, offset).query(StoryRepository::story).list();
    }

    boolean delete(long accountId, long id) {
        return jdbc.sql("DELETE FROM story WHERE id = ? AND account_id = ?").params(id, accountId).update() > 0;
    }

    void publish(long storyId, int version, String definition, Instant now) {
        jdbc.sql("INSERT INTO story_version (story_id, version, definition, published_at) VALUES (?, ?, ?, ?)")
                .params(storyId, version, definition, utc(now)).update();
        jdbc.sql("UPDATE story SET published_version = ? WHERE id = ?").params(version, storyId).update();
    }

    Optional<String> version(long storyId, int version) {
        return jdbc.sql("SELECT definition FROM story_version WHERE story_id = ? AND version = ?").params(storyId, version)
                .query(String.class).optional();
    }

    private static Story story(ResultSet rs, int row) throws SQLException {
        int published = rs.getInt("published_version");
        boolean none = rs.wasNull();
        return new Story(rs.getLong("id"), rs.getLong("account_id"), rs.getString("name"), rs.getString("draft"),
                none ? null : published, rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
