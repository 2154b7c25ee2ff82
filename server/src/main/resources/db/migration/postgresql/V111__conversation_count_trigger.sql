-- Keeps conversation_count (V110, docs/adr/0044) in the transaction that inserts, updates or deletes conversations.
-- Statement-level triggers with transition tables: one statement (a cascaded delete of an inbox's conversations, a
-- bulk update) adds to each bucket it changes once, instead of once per row; an update that moves no conversation
-- to another bucket (most of them: a message, a read) writes nothing. PostgreSQL allows transition tables on
-- triggers of one event only, hence three triggers. The slot is the session's: concurrent sessions add to
-- different rows. Buckets are written in key order, so that two statements do not wait for each other in a cycle.
CREATE FUNCTION conversation_count_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO conversation_count AS cc (account_id, status, bot, inbox_id, team_id, assignee_id, unread, slot, n)
        SELECT account_id, status, owner = 'bot', inbox_id, COALESCE(team_id, 0), COALESCE(assignee_id, 0),
               unread_count > 0, pg_backend_pid() % 16, COUNT(*)
        FROM new_rows
        GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
        ON CONFLICT (account_id, status, bot, inbox_id, team_id, assignee_id, unread, slot) DO UPDATE SET n = cc.n + EXCLUDED.n;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO conversation_count AS cc (account_id, status, bot, inbox_id, team_id, assignee_id, unread, slot, n)
        SELECT account_id, status, owner = 'bot', inbox_id, COALESCE(team_id, 0), COALESCE(assignee_id, 0),
               unread_count > 0, pg_backend_pid() % 16, -COUNT(*)
        FROM old_rows
        GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
        ON CONFLICT (account_id, status, bot, inbox_id, team_id, assignee_id, unread, slot) DO UPDATE SET n = cc.n + EXCLUDED.n;
    ELSE
        INSERT INTO conversation_count AS cc (account_id, status, bot, inbox_id, team_id, assignee_id, unread, slot, n)
        SELECT account_id, status, bot, inbox_id, team_id, assignee_id, unread, pg_backend_pid() % 16, SUM(d)
        FROM (SELECT account_id, status, owner = 'bot' AS bot, inbox_id, COALESCE(team_id, 0) AS team_id,
                     COALESCE(assignee_id, 0) AS assignee_id, unread_count > 0 AS unread, 1 AS d FROM new_rows
              UNION ALL
              SELECT account_id, status, owner = 'bot', inbox_id, COALESCE(team_id, 0), COALESCE(assignee_id, 0),
                     unread_count > 0, -1 FROM old_rows) changes
        GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING SUM(d) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7
        ON CONFLICT (account_id, status, bot, inbox_id, team_id, assignee_id, unread, slot) DO UPDATE SET n = cc.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversation_count_insert AFTER INSERT ON conversation
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conversation_count_add();
CREATE TRIGGER conversation_count_update AFTER UPDATE ON conversation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conversation_count_add();
CREATE TRIGGER conversation_count_delete AFTER DELETE ON conversation
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION conversation_count_add();
