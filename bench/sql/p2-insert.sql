-- bench/p2's baseline: one row of about a message's size inserted and committed, per transaction.
INSERT INTO bench_p2_baseline (conversation_id, content, created_at) VALUES (1, 'throughput message', now());
