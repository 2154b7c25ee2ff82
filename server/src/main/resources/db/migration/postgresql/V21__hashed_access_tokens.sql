-- Personal access tokens are stored as their SHA-256 only (ADR 0020): a copy of the table opens no account. The
-- token is shown once, when it is made (POST /api/v1/profile/reset_access_token). Vendor folders: the hash function
-- differs between H2 and PostgreSQL.
ALTER TABLE app_user ADD COLUMN access_token_hash VARCHAR(64);
UPDATE app_user SET access_token_hash = encode(sha256(convert_to(access_token, 'UTF8')), 'hex');
ALTER TABLE app_user ALTER COLUMN access_token_hash SET NOT NULL;
ALTER TABLE app_user DROP CONSTRAINT app_user_token_unique;
ALTER TABLE app_user DROP COLUMN access_token;
CREATE UNIQUE INDEX app_user_token_hash_unique ON app_user (access_token_hash);
