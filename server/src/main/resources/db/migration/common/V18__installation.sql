-- One row: this installation's id. Nodes on the same database share it; its Redis channels are named after
-- it, so that installations (or test runs) sharing one Redis never hear each other's events.
CREATE TABLE installation (
    singleton       INTEGER       PRIMARY KEY CHECK (singleton = 1),
    id              VARCHAR(36)   NOT NULL
);
