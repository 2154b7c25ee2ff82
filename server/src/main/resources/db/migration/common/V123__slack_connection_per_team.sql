-- A Slack connection belongs to an inbox or, since this version, to a team (docs/adr/0051): a handoff routed to a
-- team with a connection posts its request in the team's request channel; the inbox's connection is the fallback.
-- baton_team_id, because team_id already names Slack's workspace.
ALTER TABLE slack_connection ALTER COLUMN inbox_id DROP NOT NULL;
ALTER TABLE slack_connection ADD COLUMN baton_team_id BIGINT REFERENCES team (id) ON DELETE CASCADE;
ALTER TABLE slack_connection ADD CONSTRAINT slack_connection_team_unique UNIQUE (baton_team_id);
ALTER TABLE slack_connection ADD CONSTRAINT slack_connection_one_holder CHECK ((inbox_id IS NULL) <> (baton_team_id IS NULL));
