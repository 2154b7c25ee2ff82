-- "Add to Slack" (docs/slack.md#add-to-slack, docs/adr/0049): the nonce of every state Baton signed for Slack's
-- OAuth v2 install flow, bound to the administrator, account and inbox it was made for. The callback deletes the
-- row, so that a state is used once; expired rows are deleted when new states are made.
CREATE TABLE slack_install_state (
    nonce       VARCHAR(64)  NOT NULL PRIMARY KEY,
    account_id  BIGINT       NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    inbox_id    BIGINT       NOT NULL REFERENCES inbox (id) ON DELETE CASCADE,
    user_id     BIGINT       NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX slack_install_state_expires_idx ON slack_install_state (expires_at);
