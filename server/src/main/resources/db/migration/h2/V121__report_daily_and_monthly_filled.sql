-- Fills V120's day and month sums from the hours an existing database already holds (docs/adr/0050). Baton writes
-- every hour_start at offset +00:00 (ReportRepository.utc), and H2 truncates in the value's own offset: UTC days
-- and months.
INSERT INTO report_daily (account_id, day_start, metric, inbox_id, team_id, agent_id, n, total)
SELECT account_id, DATE_TRUNC('DAY', hour_start), metric, inbox_id, team_id, agent_id, SUM(n), SUM(total)
FROM report_hourly GROUP BY account_id, DATE_TRUNC('DAY', hour_start), metric, inbox_id, team_id, agent_id;

INSERT INTO report_monthly (account_id, month_start, metric, inbox_id, team_id, agent_id, n, total)
SELECT account_id, DATE_TRUNC('MONTH', day_start), metric, inbox_id, team_id, agent_id, SUM(n), SUM(total)
FROM report_daily GROUP BY account_id, DATE_TRUNC('MONTH', day_start), metric, inbox_id, team_id, agent_id;
