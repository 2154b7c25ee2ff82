-- Fills V120's day and month sums from the hours an existing database already holds (docs/adr/0050). UTC days and
-- months whatever the session's time zone. bench/sql/reports-seed.sql runs the same statements.
INSERT INTO report_daily (account_id, day_start, metric, inbox_id, team_id, agent_id, n, total)
SELECT account_id, date_trunc('day', hour_start, 'UTC'), metric, inbox_id, team_id, agent_id, SUM(n), SUM(total)
FROM report_hourly GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO report_monthly (account_id, month_start, metric, inbox_id, team_id, agent_id, n, total)
SELECT account_id, date_trunc('month', day_start, 'UTC'), metric, inbox_id, team_id, agent_id, SUM(n), SUM(total)
FROM report_daily GROUP BY 1, 2, 3, 4, 5, 6;
