-- Chatwoot's deep `page=N` of the conversation list without walking every row above it (docs/adr/0067): how many
-- conversations of each tab bucket last had activity on each day (UTC; day = whole days since 1970-01-01), kept like
-- conversation_count (V110, V111) in the transaction that writes the conversation, with the same slots. A page at
-- offset N sums the days from the newest down to the day that holds row N (a few hundred rows at most per year of
-- history and inbox), then walks that day's index range only, instead of N index entries.
CREATE TABLE conversation_day (
    account_id   BIGINT      NOT NULL,
    status       VARCHAR(20) NOT NULL,
    bot          BOOLEAN     NOT NULL,
    inbox_id     BIGINT      NOT NULL,
    activity_day BIGINT      NOT NULL,
    slot         INTEGER     NOT NULL,
    n            BIGINT      NOT NULL,
    PRIMARY KEY (account_id, status, bot, inbox_id, activity_day, slot)
);

INSERT INTO conversation_day (account_id, status, bot, inbox_id, activity_day, slot, n)
SELECT account_id, status, owner = 'bot', inbox_id, FLOOR(EXTRACT(EPOCH FROM last_activity_at) / 86400)::bigint, 0, COUNT(*)
FROM conversation
GROUP BY 1, 2, 3, 4, 5;

-- As conversation_count_add() (V111): statement-level, one write per bucket a statement changes, in key order; an
-- update that moves no conversation to another day or tab (a second message on the same day, a read) writes nothing.
CREATE FUNCTION conversation_day_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO conversation_day AS cd (account_id, status, bot, inbox_id, activity_day, slot, n)
        SELECT account_id, status, owner = 'bot', inbox_id, FLOOR(EXTRACT(EPOCH FROM last_activity_at) / 86400)::bigint,
               pg_backend_pid() % 16, COUNT(*)
        FROM new_rows
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (account_id, status, bot, inbox_id, activity_day, slot) DO UPDATE SET n = cd.n + EXCLUDED.n;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO conversation_day AS cd (account_id, status, bot, inbox_id, activity_day, slot, n)
        SELECT account_id, status, owner = 'bot', inbox_id, FLOOR(EXTRACT(EPOCH FROM last_activity_at) / 86400)::bigint,
               pg_backend_pid() % 16, -COUNT(*)
        FROM old_rows
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (account_id, status, bot, inbox_id, activity_day, slot) DO UPDATE SET n = cd.n + EXCLUDED.n;
    ELSE
        INSERT INTO conversation_day AS cd (account_id, status, bot, inbox_id, activity_day, slot, n)
        SELECT account_id, status, bot, inbox_id, activity_day, pg_backend_pid() % 16, SUM(d)
        FROM (SELECT account_id, status, owner = 'bot' AS bot, inbox_id,
                     FLOOR(EXTRACT(EPOCH FROM last_activity_at) / 86400)::bigint AS activity_day, 1 AS d FROM new_rows
              UNION ALL
              SELECT account_id, status, owner = 'bot', inbox_id,
                     FLOOR(EXTRACT(EPOCH FROM last_activity_at) / 86400)::bigint, -1 FROM old_rows) changes
        GROUP BY 1, 2, 3, 4, 5 HAVING SUM(d) <> 0 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (account_id, status, bot, inbox_id, activity_day, slot) DO UPDATE SET n = cd.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversation_day_insert AFTER INSERT ON conversation
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conversation_day_add();
CREATE TRIGGER conversation_day_update AFTER UPDATE ON conversation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conversation_day_add();
CREATE TRIGGER conversation_day_delete AFTER DELETE ON conversation
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION conversation_day_add();
