-- Failed-login counters shared by every replica: one row per account ("account:<id>"), per
-- unknown login ("login:<sha-256 of what was typed>", never the text itself: people type their
-- password there) and per client address ("ip:<address>"). The delay before the next attempt is
-- computed from failures and last_failure_at; rows idle for a whole window are purged.
CREATE TABLE login_throttle (
    key             text        COLLATE "C" NOT NULL CONSTRAINT login_throttle_pk PRIMARY KEY,
    failures        integer     NOT NULL CONSTRAINT login_throttle_failures_positive CHECK (failures > 0),
    last_failure_at timestamptz NOT NULL
);

CREATE INDEX login_throttle_last_failure_idx ON login_throttle (last_failure_at);
