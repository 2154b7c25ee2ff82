-- bench/reports' seed: the report read models (report_hourly, V50__reports.sql) of account :account for the year
-- before the current hour, in the shape ReportIntake writes them, equivalent to a desk of :agents agents, 3 inboxes
-- and 2 teams with 1,000,000 messages (500,000 received, 500,000 sent) and 100,000 conversations in the year.
-- Written directly with generate_series (not by driving a million events through Baton): the report reads only
-- these rows, so their number and shape, not how they were made, decide its cost.
-- Per hour: 6 agents (each works in one inbox and one team) × 16 agent metrics, 6 (inbox, team) × 5 metrics without an agent, and
-- one status row per agent (status time is split over the hours it covers): 792,800 rows a year. Then the day and
-- month sums (report_daily, report_monthly) from these hours, with the statements of the migration that fills them on
-- an existing database (V121): the same rows the intake's add writes beside each hour.
\set ON_ERROR_STOP on
CREATE TEMP TABLE bench_hour AS
  SELECT i, date_trunc('hour', now()) - (i + 1) * interval '1 hour' AS hour_start FROM generate_series(0, 8759) i;
CREATE TEMP TABLE bench_metric (metric text, per_year bigint, mean double precision, per_agent boolean);
INSERT INTO bench_metric VALUES
  ('messages_received', 500000, 0, true), ('messages_sent', 500000, 0, true), ('first_response', 90000, 90, true),
  ('resolutions', 95000, 5400, true), ('handoffs', 60000, 0, true), ('handoff_handled', 55000, 0, true),
  ('queue_wait', 60000, 45, true), ('time_to_accept', 62000, 8, true), ('missed_offers', 4000, 0, true),
  ('declined_offers', 3000, 0, true), ('satisfaction', 20000, 4.2, true), ('satisfaction_5', 12000, 0, true),
  ('satisfaction_4', 5000, 0, true), ('satisfaction_3', 2000, 0, true), ('satisfaction_2', 600, 0, true),
  ('satisfaction_1', 400, 0, true),
  ('conversations', 100000, 0, false), ('bot_conversations', 70000, 0, false), ('bot_resolved', 40000, 0, false),
  ('handoff_no_agent', 3000, 0, false), ('handoff_visitor_left', 2000, 0, false);
-- slot k = hour * 6 + j of 52,560 gets floor((k+1)·T/52560) − floor(k·T/52560): exactly T a year per metric
INSERT INTO report_hourly (account_id, metric, hour_start, inbox_id, team_id, agent_id, n, total)
SELECT :account, metric, hour_start, inbox, team, agent, n, n * mean * (0.5 + random())
FROM (
  SELECT m.metric, h.hour_start,
         CASE WHEN m.per_agent THEN 1 + (1 + (h.i * 7 + j) % :agents) % 3 ELSE 1 + j % 3 END AS inbox,
         CASE WHEN m.per_agent THEN 1 + (1 + (h.i * 7 + j) % :agents) % 2 ELSE 1 + j % 2 END AS team,
         CASE WHEN m.per_agent THEN 1 + (h.i * 7 + j) % :agents ELSE 0 END AS agent,
         floor((h.i * 6 + j + 1) * m.per_year / 52560.0) - floor((h.i * 6 + j) * m.per_year / 52560.0) AS n, m.mean
  FROM bench_hour h CROSS JOIN generate_series(0, 5) j CROSS JOIN bench_metric m
) s WHERE n > 0;
INSERT INTO report_hourly (account_id, metric, hour_start, inbox_id, team_id, agent_id, n, total)
SELECT :account, 'status_' || CASE WHEN (h.i + a) % 24 < 8 THEN 'available' WHEN (h.i + a) % 24 = 8 THEN 'away'
                                   WHEN (h.i + a) % 97 = 0 THEN 'rona' ELSE 'offline' END,
       h.hour_start, 0, 0, a, 0, 3600
FROM bench_hour h CROSS JOIN generate_series(1, :agents) a;
DELETE FROM report_daily WHERE account_id = :account;
DELETE FROM report_monthly WHERE account_id = :account;
\ir ../../server/src/main/resources/db/migration/postgresql/V121__report_daily_and_monthly_filled.sql
ANALYZE report_hourly;
ANALYZE report_daily;
ANALYZE report_monthly;
