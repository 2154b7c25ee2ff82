-- The handover protocol (docs/bots.md#handover-protocol, docs/adr/0037): an inbox's secondary bots beside its primary
-- (inbox.agent_bot_id), and which bot has a bot-owned conversation's thread when it is not the primary, until when.
CREATE TABLE agent_bot_secondary (
    inbox_id      BIGINT NOT NULL REFERENCES inbox (id) ON DELETE CASCADE,
    agent_bot_id  BIGINT NOT NULL REFERENCES agent_bot (id) ON DELETE CASCADE,
    PRIMARY KEY (inbox_id, agent_bot_id)
);
CREATE INDEX agent_bot_secondary_bot_idx ON agent_bot_secondary (agent_bot_id);

CREATE TABLE agent_bot_thread (
    conversation_id  BIGINT NOT NULL PRIMARY KEY REFERENCES conversation (id) ON DELETE CASCADE,
    account_id       BIGINT NOT NULL,
    agent_bot_id     BIGINT NOT NULL REFERENCES agent_bot (id) ON DELETE CASCADE,
    expires_at       TIMESTAMP WITH TIME ZONE,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX agent_bot_thread_expiry_idx ON agent_bot_thread (expires_at);
