-- What an account's visitors and colleagues see of a member is the account's (ADR 0021): an administrator's change
-- to a member's name, display name or avatar is stored on the membership and shows only in that account. NULL: the
-- person's own value (app_user), which only they change.
ALTER TABLE membership ADD COLUMN name VARCHAR(200);
ALTER TABLE membership ADD COLUMN display_name VARCHAR(200);
ALTER TABLE membership ADD COLUMN avatar_url VARCHAR(2000);
