-- Chatwoot's conversation priority (toggle_priority): low, medium, high, urgent, or NULL for none.
ALTER TABLE conversation ADD COLUMN priority VARCHAR(10);
