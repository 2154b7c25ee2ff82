-- Keeps conversation_count (V110, docs/adr/0044) in the transaction that inserts, updates or deletes a conversation;
-- the same rules as PostgreSQL's conversation_count_apply(), in Java (dev.baton.conversation.ConversationCountTrigger).
CREATE TRIGGER conversation_count_trg AFTER INSERT, UPDATE, DELETE ON conversation
    FOR EACH ROW CALL 'dev.baton.conversation.ConversationCountTrigger';
