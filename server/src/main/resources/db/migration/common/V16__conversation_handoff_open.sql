-- The state machine's own record of "a handoff is open" (docs/adr/0016): decided under the conversation's
-- row lock together with status and owner, instead of looking at routing's rows from outside.
ALTER TABLE conversation ADD COLUMN handoff_open BOOLEAN DEFAULT FALSE NOT NULL;
-- Counts the transitions: a client that acts on what it saw sends it, and two people acting at once on the
-- same state cannot both win (409 conversation_changed for the second).
ALTER TABLE conversation ADD COLUMN state_version BIGINT DEFAULT 0 NOT NULL;
UPDATE conversation SET handoff_open = TRUE
    WHERE id IN (SELECT conversation_id FROM handoff WHERE kind = 'handoff' AND state <> 'done');
-- Outcomes named for reports: visitor_left, bot_unavailable, closed (hours) are longer than ten characters.
ALTER TABLE handoff ALTER COLUMN outcome SET DATA TYPE VARCHAR(20);
