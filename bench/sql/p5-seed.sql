-- P5 seed: :convs conversations with :per messages each, in account 1's first inbox, all open (so that
-- page 2,000 of the open list exists), assignees spread over the account's users and "unassigned",
-- then VACUUM ANALYZE, as a database that has been running for a while would be.
-- Run against a database Baton has migrated (bench/p5 does): psql -v convs=100000 -v per=10 -f p5-seed.sql
\set ON_ERROR_STOP on
BEGIN;
-- The counters (and the days, V135) are counted once at the end, with the same statement as migration V110 (docs/adr/0044), rather
-- than by the trigger as the rows go in.
ALTER TABLE conversation DISABLE TRIGGER USER;
CREATE TEMP TABLE seed_ids AS
SELECT g AS n, (SELECT min(id) FROM inbox WHERE account_id = 1) AS inbox_id FROM generate_series(1, :convs) g;

INSERT INTO contact (account_id, name, email, created_at, updated_at, last_activity_at)
SELECT 1, 'seed visitor ' || n, 'seed' || n || '@example.test', now(), now(), now() FROM seed_ids;

CREATE TEMP TABLE seed_contacts AS
SELECT id AS contact_id, row_number() OVER (ORDER BY id) AS n FROM contact WHERE email LIKE 'seed%@example.test';

INSERT INTO contact_inbox (contact_id, inbox_id, source_id, pubsub_token, created_at)
SELECT sc.contact_id, s.inbox_id, md5('s' || sc.n || random()), md5('p' || sc.n || random()), now()
FROM seed_contacts sc JOIN seed_ids s ON s.n = sc.n;

INSERT INTO conversation (uuid, account_id, inbox_id, contact_id, contact_inbox_id, status, owner, assignee_id,
                          last_seq, unread_count, last_activity_at, created_at, updated_at)
SELECT gen_random_uuid()::text, 1, ci.inbox_id, ci.contact_id, ci.id, 'open',
       CASE WHEN u.n % 3 = 0 THEN 'queue' ELSE 'agent' END,
       CASE WHEN u.n % 3 = 0 THEN NULL ELSE (SELECT min(id) FROM app_user) END,
       :per, CASE WHEN u.n % 4 = 0 THEN 1 ELSE 0 END,
       now() - (random() * interval '30 days'), now() - interval '31 days', now()
FROM contact_inbox ci JOIN seed_contacts u ON u.contact_id = ci.contact_id;

INSERT INTO message (account_id, conversation_id, seq, message_type, content, sender_type, sender_id, created_at, updated_at)
SELECT 1, c.id, s, CASE WHEN s % 2 = 1 THEN 'incoming' ELSE 'outgoing' END,
       'seed message ' || s || ' of conversation ' || c.id, CASE WHEN s % 2 = 1 THEN 'contact' ELSE 'user' END,
       CASE WHEN s % 2 = 1 THEN c.contact_id ELSE (SELECT min(id) FROM app_user) END,
       c.last_activity_at - (:per - s) * interval '1 minute', c.last_activity_at - (:per - s) * interval '1 minute'
FROM conversation c CROSS JOIN generate_series(1, :per) s
WHERE c.contact_id IN (SELECT contact_id FROM seed_contacts);

UPDATE conversation c SET last_message_id = m.id
FROM (SELECT conversation_id, max(id) AS id FROM message GROUP BY conversation_id) m
WHERE m.conversation_id = c.id AND c.last_message_id IS NULL;
ALTER TABLE conversation ENABLE TRIGGER USER;
DELETE FROM conversation_count;
INSERT INTO conversation_count (account_id, status, bot, inbox_id, team_id, assignee_id, unread, slot, n)
SELECT account_id, status, owner = 'bot', inbox_id, COALESCE(team_id, 0), COALESCE(assignee_id, 0), unread_count > 0, 0, COUNT(*)
FROM conversation
GROUP BY account_id, status, owner = 'bot', inbox_id, COALESCE(team_id, 0), COALESCE(assignee_id, 0), unread_count > 0;
-- and the days of the deep pages (V135, docs/adr/0067), as that migration fills them
DELETE FROM conversation_day;
INSERT INTO conversation_day (account_id, status, bot, inbox_id, activity_day, slot, n)
SELECT account_id, status, owner = 'bot', inbox_id, FLOOR(EXTRACT(EPOCH FROM last_activity_at) / 86400)::bigint, 0, COUNT(*)
FROM conversation
GROUP BY 1, 2, 3, 4, 5;
COMMIT;
VACUUM ANALYZE contact;
VACUUM ANALYZE contact_inbox;
VACUUM ANALYZE conversation;
VACUUM ANALYZE message;
VACUUM ANALYZE conversation_count;
VACUUM ANALYZE conversation_day;
