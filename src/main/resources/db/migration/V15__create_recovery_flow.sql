-- A self-service flow (activation, password reset, recovery contact) as a persisted state machine:
-- each step is allowed only from the state the previous one left, checked by a conditional
-- UPDATE. The client holds an opaque 256-bit handle; only its SHA-256 is kept. staff_id is the
-- account the flow is about once known; a reset for an identifier that opens nothing still gets a
-- flow (with decoy options), so that it answers like any other.
CREATE TABLE recovery_flow (
    id              uuid        NOT NULL CONSTRAINT recovery_flow_pk PRIMARY KEY,
    handle_hash     bytea       NOT NULL CONSTRAINT recovery_flow_handle_key UNIQUE,
    kind            text        NOT NULL CONSTRAINT recovery_flow_kind_known
                                         CHECK (kind IN ('ACTIVATION', 'RESET', 'CONTACT')),
    state           text        NOT NULL,
    staff_id        uuid        CONSTRAINT recovery_flow_staff_fk REFERENCES staff (id),
    -- True when codes may really go out: an ACTIVE account and its own verified channels.
    deliverable     boolean     NOT NULL,
    -- Whom the per-person limits count against: "staff:<id>", or "decoy:<keyed digest of the
    -- identifier>" for a decoy, so that both are throttled alike.
    subject         text        NOT NULL,
    -- The channels offered, as shown (masked): [{"channel": "EMAIL", "masked": "j•••@g•••.com"}].
    options         jsonb       NOT NULL DEFAULT '[]'::jsonb,
    -- The channel chosen for the code, and a contact being verified (channel and value).
    code_channel    text        CONSTRAINT recovery_flow_code_channel_known CHECK (code_channel IN ('EMAIL', 'SMS')),
    pending_channel text        CONSTRAINT recovery_flow_pending_channel_known CHECK (pending_channel IN ('EMAIL', 'SMS')),
    pending_value   text,
    language        varchar(2)  NOT NULL CONSTRAINT recovery_flow_language_known CHECK (language IN ('fr', 'en')),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL
);

CREATE INDEX recovery_flow_staff_idx ON recovery_flow (staff_id);
CREATE INDEX recovery_flow_expires_idx ON recovery_flow (expires_at);
