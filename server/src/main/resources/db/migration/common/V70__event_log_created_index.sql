-- The event log is trimmed by age (baton.realtime.event-log-retention, conversation.EventLogTrimmer): its
-- DELETE finds the old entries by this index instead of reading the whole log.
CREATE INDEX conversation_event_created_idx ON conversation_event (created_at);
