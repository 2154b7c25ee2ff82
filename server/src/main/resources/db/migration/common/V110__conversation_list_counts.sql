-- The conversation list at 100,000+ conversations (docs/adr/0044).
-- 1. The list's index covers the list's filters and the counters' columns, so that OFFSET paging (Chatwoot's
--    `page`) walks the index only, and the rows of the page are read by primary key afterwards.
DROP INDEX conversation_list_idx;
CREATE INDEX conversation_list_idx ON conversation (account_id, status, last_activity_at, id, owner, assignee_id, inbox_id, unread_count);

-- 2. The counters of the list's `meta` (mine, unassigned, assigned, all, unread), kept by a trigger on conversation
--    (V111, one per database) in the transaction that changes the conversation, whatever changes it (transitions,
--    deletes cascaded from contacts or inboxes). One row per bucket and slot: a bucket's count is the SUM over its
--    slots, and each writer adds to the slot of its own session, so that concurrent messages in different
--    conversations do not wait for each other on one counter row. A slot may go negative; the sum may not.
--    team_id and assignee_id are 0 for "none".
CREATE TABLE conversation_count (
    account_id   BIGINT      NOT NULL,
    status       VARCHAR(20) NOT NULL,
    bot          BOOLEAN     NOT NULL,
    inbox_id     BIGINT      NOT NULL,
    team_id      BIGINT      NOT NULL,
    assignee_id  BIGINT      NOT NULL,
    unread       BOOLEAN     NOT NULL,
    slot         INTEGER     NOT NULL,
    n            BIGINT      NOT NULL,
    PRIMARY KEY (account_id, status, bot, inbox_id, team_id, assignee_id, unread, slot)
);

INSERT INTO conversation_count (account_id, status, bot, inbox_id, team_id, assignee_id, unread, slot, n)
SELECT account_id, status, owner = 'bot', inbox_id, COALESCE(team_id, 0), COALESCE(assignee_id, 0), unread_count > 0, 0, COUNT(*)
FROM conversation
GROUP BY account_id, status, owner = 'bot', inbox_id, COALESCE(team_id, 0), COALESCE(assignee_id, 0), unread_count > 0;
