-- Per-membership preferences of an agent (seed 001 section 1, ADR 0014).
-- show_bot_conversations: the "Bot" tab (conversations the bot still has). Supervising roles start with it on.
-- email_on_new_handoff: an e-mail when a conversation starts waiting in one of the agent's queues; on by default.
ALTER TABLE membership ADD COLUMN show_bot_conversations BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE membership ADD COLUMN email_on_new_handoff BOOLEAN NOT NULL DEFAULT TRUE;
UPDATE membership SET show_bot_conversations = TRUE WHERE role IN ('administrator', 'supervisor');
