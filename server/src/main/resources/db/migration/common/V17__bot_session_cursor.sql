-- The story runner's reactions are durable and may arrive twice or late (docs/adr/0016): the session
-- remembers the last visitor message it read and the handoff whose outcome it follows.
ALTER TABLE bot_session ADD COLUMN handled_message_id BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE bot_session ADD COLUMN handoff_id BIGINT;
UPDATE bot_session SET handled_message_id = COALESCE(asked_message_id, 0);
