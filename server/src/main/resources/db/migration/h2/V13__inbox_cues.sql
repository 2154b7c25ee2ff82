-- The inbox list's cues (docs/adr/0013-inbox-cues-and-search.md). PostgreSQL runs postgresql/V13 instead,
-- which also indexes the search.

-- When the visitor's oldest unanswered message arrived; NULL once an agent or the bot answered.
ALTER TABLE conversation ADD COLUMN waiting_since TIMESTAMP WITH TIME ZONE;

-- Visitor presence, shared by every node: open widget sockets, and when a node last vouched for them.
-- A visitor is online while visitor_sockets > 0 and visitor_seen_at is fresh (a crashed node's
-- sockets stop being vouched for and expire).
ALTER TABLE contact_inbox ADD COLUMN visitor_sockets INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contact_inbox ADD COLUMN visitor_seen_at TIMESTAMP WITH TIME ZONE;
