-- The longest message an account may allow (baton.limits.max-message-length-ceiling, 20,000 characters)
-- must fit: in UTF-16 units (H2 counts those) an emoji is two, and in the events' JSON an escaped
-- character is up to six. Widening a VARCHAR rewrites no rows on PostgreSQL.
ALTER TABLE message ALTER COLUMN content SET DATA TYPE VARCHAR(40000);
ALTER TABLE conversation_event ALTER COLUMN agent_payload SET DATA TYPE VARCHAR(1000000);
ALTER TABLE conversation_event ALTER COLUMN visitor_payload SET DATA TYPE VARCHAR(1000000);
