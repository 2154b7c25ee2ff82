-- The per-conversation event log: what the sockets deliver, replayable by seq on resume.
-- agent_payload and visitor_payload are the JSON each audience receives (null: not for visitors).
CREATE TABLE conversation_event (
    conversation_id   BIGINT        NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    seq               BIGINT        NOT NULL,
    account_id        BIGINT        NOT NULL,
    inbox_id          BIGINT        NOT NULL,
    contact_inbox_id  BIGINT        NOT NULL,
    type              VARCHAR(60)   NOT NULL,
    agent_payload     VARCHAR(60000) NOT NULL,
    visitor_payload   VARCHAR(60000),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);
