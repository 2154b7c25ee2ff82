-- Chatwoot's availability_status on GET /agents (online, busy, offline), kept by routing whenever an
-- agent's status changes, so that the account feature can answer it without reading routing's tables.
ALTER TABLE membership ADD COLUMN availability VARCHAR(10) DEFAULT 'offline' NOT NULL;

UPDATE membership SET availability = 'online'
WHERE EXISTS (SELECT 1 FROM agent_status s
              WHERE s.account_id = membership.account_id AND s.user_id = membership.user_id AND s.status = 'available');
UPDATE membership SET availability = 'busy'
WHERE EXISTS (SELECT 1 FROM agent_status s
              WHERE s.account_id = membership.account_id AND s.user_id = membership.user_id AND s.status IN ('away', 'rona'));
