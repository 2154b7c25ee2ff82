-- bench/reports' baseline: one indexed primary-key lookup.
SELECT * FROM account WHERE id = :account;
