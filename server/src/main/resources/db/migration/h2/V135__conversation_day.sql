-- Chatwoot's deep `page=N` of the conversation list without walking every row above it (docs/adr/0067): the
-- conversations of each tab bucket per day of their last activity (UTC, whole days since 1970-01-01), kept like
-- conversation_count; PostgreSQL's postgresql/V135 has the same table, kept by conversation_day_add().
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
SELECT account_id, status, owner = 'bot', inbox_id, FLOOR(EXTRACT(EPOCH FROM last_activity_at) / 86400), 0, COUNT(*)
FROM conversation
GROUP BY account_id, status, owner = 'bot', inbox_id, FLOOR(EXTRACT(EPOCH FROM last_activity_at) / 86400);

CREATE TRIGGER conversation_day_trg AFTER INSERT, UPDATE, DELETE ON conversation
    FOR EACH ROW CALL 'dev.baton.conversation.ConversationDayTrigger';
