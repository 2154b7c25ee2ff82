-- Coarser sums of report_hourly (docs/reports.md, docs/adr/0050): the same keys per UTC day and per UTC month,
-- written by ReportIntake's add in the same transaction as the hour. A report reads whole months and days of its
-- period from them and only the partial edges from the hours: a year is some 16,000 rows instead of 792,800 at a
-- desk of 20 agents. The period leads the keys, so that a range of days or months is one index range.
CREATE TABLE report_daily (
    account_id  BIGINT            NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    day_start   TIMESTAMP WITH TIME ZONE NOT NULL,
    metric      VARCHAR(40)       NOT NULL,
    inbox_id    BIGINT            NOT NULL,
    team_id     BIGINT            NOT NULL,
    agent_id    BIGINT            NOT NULL,
    n           BIGINT            NOT NULL,
    total       DOUBLE PRECISION  NOT NULL,
    PRIMARY KEY (account_id, day_start, metric, inbox_id, team_id, agent_id)
);

CREATE TABLE report_monthly (
    account_id   BIGINT            NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    month_start  TIMESTAMP WITH TIME ZONE NOT NULL,
    metric       VARCHAR(40)       NOT NULL,
    inbox_id     BIGINT            NOT NULL,
    team_id      BIGINT            NOT NULL,
    agent_id     BIGINT            NOT NULL,
    n            BIGINT            NOT NULL,
    total        DOUBLE PRECISION  NOT NULL,
    PRIMARY KEY (account_id, month_start, metric, inbox_id, team_id, agent_id)
);

-- The edges of a period (at most 23 hours at each end) are a range of hours of every metric: without this index
-- the primary key (metric before hour) would read all of the account's hours.
CREATE INDEX report_hourly_hour_idx ON report_hourly (account_id, hour_start);
