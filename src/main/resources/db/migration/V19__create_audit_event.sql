-- The audit trail: one row per security event (who, what, when, from where, result, why),
-- append-only. It never holds a secret: no password, code, token, NUMEN or birth date, and no
-- identifier as typed (people type passwords into login fields); accounts are named by their id.
CREATE TABLE audit_event (
    id             bigint      GENERATED ALWAYS AS IDENTITY CONSTRAINT audit_event_pk PRIMARY KEY,
    occurred_at    timestamptz NOT NULL,
    event          text        NOT NULL,
    result         text        NOT NULL CONSTRAINT audit_event_result_known CHECK (result IN ('SUCCESS', 'FAILURE')),
    reason         text,
    actor_id       uuid,
    target_id      uuid,
    client_address text,
    CONSTRAINT audit_event_event_format CHECK (event ~ '^[A-Z_]+$')
);

CREATE INDEX audit_event_target_idx ON audit_event (target_id, occurred_at);
CREATE INDEX audit_event_occurred_idx ON audit_event (occurred_at);
