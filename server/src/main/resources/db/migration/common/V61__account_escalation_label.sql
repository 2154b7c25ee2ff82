-- The contact label by which an external bot escalates a contact to people (docs/bots.md#escalation-by-label).
ALTER TABLE account ADD COLUMN escalation_label VARCHAR(100) DEFAULT 'escalated' NOT NULL;
