-- The audit log reads as sentences ("Anna changed the inbox Website: …", docs/adr/0048): the name of what changed
-- and of who changed it, as they were at the time. And the log of one user, newest first, keyset by id.
ALTER TABLE audit_log ADD COLUMN auditable_name VARCHAR(200);
ALTER TABLE audit_log ADD COLUMN actor_name VARCHAR(200);
CREATE INDEX audit_log_user_idx ON audit_log (account_id, user_id, id);
