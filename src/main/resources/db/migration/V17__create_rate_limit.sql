-- Fixed-window request counters shared by every replica: per client address, per NUMEN typed
-- (a keyed digest, never the NUMEN), per identifier, per phone number, and global ones. One upsert
-- counts a request against all of its keys; rows idle for longer than their window are purged.
CREATE TABLE rate_limit (
    key          text        COLLATE "C" NOT NULL CONSTRAINT rate_limit_pk PRIMARY KEY,
    window_end   timestamptz NOT NULL,
    hits         integer     NOT NULL CONSTRAINT rate_limit_hits_positive CHECK (hits > 0)
);

CREATE INDEX rate_limit_window_idx ON rate_limit (window_end);
