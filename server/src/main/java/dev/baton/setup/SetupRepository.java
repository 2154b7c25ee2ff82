package dev.baton.setup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SetupRepository {

    private final JdbcClient jdbc;

    SetupRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True for the one node that may run the first start's setup; others wait on the key, then get false. */
    boolean claim(Instant now) {
        try {
            return jdbc.sql("INSERT INTO baton_setup (id, done_at) VALUES (1, ?)").param(now.atOffset(ZoneOffset.UTC)).update() == 1;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    boolean done() {
        return jdbc.sql("SELECT COUNT(*) FROM baton_setup").query(Long.class).single() > 0;
    }

    void demoInbox(long inboxId) {
        jdbc.sql("UPDATE baton_setup SET demo_inbox_id = ? WHERE id = 1").param(inboxId).update();
    }

    Optional<Long> demoInbox() {
        return jdbc.sql("SELECT demo_inbox_id FROM baton_setup WHERE id = 1 AND demo_inbox_id IS NOT NULL")
                .query(Long.class).optional();
    }
}
