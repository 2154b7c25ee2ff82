-- The account's time zone (IANA id): reports count days in it when a request names no zone.
ALTER TABLE account ADD COLUMN time_zone VARCHAR(64) DEFAULT 'UTC' NOT NULL;
