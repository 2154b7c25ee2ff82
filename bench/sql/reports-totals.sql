-- The statement GET /reports/summary runs for its figures (ReportRepository.totals), over the year bench/reports
-- seeded: its five parts (ReportRepository.parts, computed by bench/reports as epoch seconds): the edge hours, the
-- edge days, the whole UTC months, the edge days, the edge hours; then the counts not folded yet (report_delta,
-- docs/adr/0059) over all the period's hours.
SELECT metric, SUM(n) AS n, SUM(total) AS total FROM (
  SELECT agent_id, metric, n, total FROM report_hourly WHERE account_id = :account AND hour_start >= to_timestamp(:f0) AND hour_start < to_timestamp(:t0)
  UNION ALL SELECT agent_id, metric, n, total FROM report_daily WHERE account_id = :account AND day_start >= to_timestamp(:f1) AND day_start < to_timestamp(:t1)
  UNION ALL SELECT agent_id, metric, n, total FROM report_monthly WHERE account_id = :account AND month_start >= to_timestamp(:f2) AND month_start < to_timestamp(:t2)
  UNION ALL SELECT agent_id, metric, n, total FROM report_daily WHERE account_id = :account AND day_start >= to_timestamp(:f3) AND day_start < to_timestamp(:t3)
  UNION ALL SELECT agent_id, metric, n, total FROM report_hourly WHERE account_id = :account AND hour_start >= to_timestamp(:f4) AND hour_start < to_timestamp(:t4)
  UNION ALL SELECT agent_id, metric, n, total FROM report_delta WHERE account_id = :account AND hour_start >= to_timestamp(:f0) AND hour_start < to_timestamp(:t4)
) r GROUP BY metric;
