-- The inbox list's cues and search (docs/adr/0013-inbox-cues-and-search.md). H2 runs h2/V13, the same
-- without the search indexes.

-- When the visitor's oldest unanswered message arrived; NULL once an agent or the bot answered.
ALTER TABLE conversation ADD COLUMN waiting_since TIMESTAMP WITH TIME ZONE;

-- Visitor presence, shared by every node: open widget sockets, and when a node last vouched for them.
-- A visitor is online while visitor_sockets > 0 and visitor_seen_at is fresh (a crashed node's
-- sockets stop being vouched for and expire).
ALTER TABLE contact_inbox ADD COLUMN visitor_sockets INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contact_inbox ADD COLUMN visitor_seen_at TIMESTAMP WITH TIME ZONE;

-- Search (GET /conversations?q=) matches LOWER(...) LIKE '%text%' on message text and on the contact's
-- name and e-mail; trigram indexes let PostgreSQL find those rows without reading every message.
-- pg_trgm ships with PostgreSQL and is a trusted extension (a database owner may create it); where it
-- cannot be created, the search still works, only slower, and this says so in the log.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        BEGIN
            CREATE EXTENSION pg_trgm;
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE 'pg_trgm could not be created (%): conversation search runs without its indexes', SQLERRM;
        END;
    END IF;
END $$;

DO $$
DECLARE
    trgm_schema TEXT;
BEGIN
    -- The extension may live in another schema than Baton's (installed earlier by someone else).
    SELECT n.nspname INTO trgm_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm';
    IF trgm_schema IS NOT NULL THEN
        EXECUTE format('CREATE INDEX message_content_trgm_idx ON message USING gin (LOWER(content) %I.gin_trgm_ops)', trgm_schema);
        EXECUTE format('CREATE INDEX contact_name_trgm_idx ON contact USING gin (LOWER(name) %I.gin_trgm_ops)', trgm_schema);
        EXECUTE format('CREATE INDEX contact_email_trgm_idx ON contact USING gin (LOWER(email) %I.gin_trgm_ops)', trgm_schema);
    END IF;
END $$;
