-- Secrets the service makes for itself on first start and every replica shares: the key of the
-- anti-bot challenges and of the decoy recovery options.
CREATE TABLE server_secret (
    name       text        NOT NULL CONSTRAINT server_secret_pk PRIMARY KEY,
    value      bytea       NOT NULL CONSTRAINT server_secret_long_enough CHECK (length(value) >= 32),
    created_at timestamptz NOT NULL
);
