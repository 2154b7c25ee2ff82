-- Failing bots (docs/bots.md#failing-bots, docs/adr/0038): each bot's limits, its circuit breaker, and the reply each
-- bot owes in a conversation after a visitor's message.
ALTER TABLE agent_bot ADD COLUMN max_failures INT DEFAULT 3 NOT NULL;
ALTER TABLE agent_bot ADD COLUMN reply_deadline_seconds INT DEFAULT 30 NOT NULL;

CREATE TABLE agent_bot_health (
    agent_bot_id          BIGINT NOT NULL PRIMARY KEY REFERENCES agent_bot (id) ON DELETE CASCADE,
    consecutive_failures  INT    NOT NULL,
    open_until            TIMESTAMP WITH TIME ZONE,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE agent_bot_reply_due (
    conversation_id  BIGINT NOT NULL PRIMARY KEY REFERENCES conversation (id) ON DELETE CASCADE,
    account_id       BIGINT NOT NULL,
    agent_bot_id     BIGINT NOT NULL REFERENCES agent_bot (id) ON DELETE CASCADE,
    due_at           TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX agent_bot_reply_due_idx ON agent_bot_reply_due (due_at);
