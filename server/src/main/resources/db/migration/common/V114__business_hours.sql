-- Business hours (docs/routing.md#business-hours): per team, and the account's default. The week is seven
-- "d:closed" / "d:all" / "d:HH:MM-HH:MM" entries, the holidays ISO dates separated by commas (BusinessHours).
ALTER TABLE team ADD COLUMN working_hours_enabled BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE team ADD COLUMN timezone VARCHAR(64);
ALTER TABLE team ADD COLUMN working_hours VARCHAR(200);
ALTER TABLE team ADD COLUMN holidays VARCHAR(2400);
ALTER TABLE account ADD COLUMN working_hours_enabled BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE account ADD COLUMN working_hours VARCHAR(200);
ALTER TABLE account ADD COLUMN holidays VARCHAR(2400);
-- Why a no_agent handoff ended without waiting for its deadline: 'closed' (outside business hours), else NULL.
ALTER TABLE handoff ADD COLUMN outcome_reason VARCHAR(32);
