-- An agent's sound for new visitor messages in their conversations, per membership (docs/workspace.md, ADR 0047):
-- on or off, and its volume from 0 to 100.
ALTER TABLE membership ADD COLUMN sound_on_new_message BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE membership ADD COLUMN sound_volume INTEGER NOT NULL DEFAULT 60;
