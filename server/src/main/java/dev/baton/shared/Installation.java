package dev.baton.shared;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * This installation's id, made by the first node that asks and shared by every node of the same database.
 * Names what several installations must not share, such as Redis channels.
 */
@Component
public class Installation {

    private final JdbcClient jdbc;
    private volatile String id;

    Installation(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public String id() {
        String known = id;
        if (known == null) {
            // Two nodes starting at once: the first insert wins, both read the same row.
            jdbc.sql("INSERT INTO installation (singleton, id) VALUES (1, ?) ON CONFLICT DO NOTHING")
                    .param(UUID.randomUUID().toString()).update();
            known = jdbc.sql("SELECT id FROM installation WHERE singleton = 1").query(String.class).single();
            id = known;
        }
        return known;
    }
}
