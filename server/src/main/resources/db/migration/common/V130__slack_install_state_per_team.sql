-- "Add to Slack" connects a team too (docs/slack.md#a-teams-own-channel): a state is made for an inbox or for a
-- team, exactly one of them, as a connection belongs to one (V123).
ALTER TABLE slack_install_state ALTER COLUMN inbox_id DROP NOT NULL;
ALTER TABLE slack_install_state ADD COLUMN baton_team_id BIGINT REFERENCES team (id) ON DELETE CASCADE;
ALTER TABLE slack_install_state ADD CONSTRAINT slack_install_state_one_holder CHECK ((inbox_id IS NULL) <> (baton_team_id IS NULL));
