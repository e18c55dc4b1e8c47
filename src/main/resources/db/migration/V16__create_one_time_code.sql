-- Short codes typed by people (6 digits). Only a salted SHA-256 is kept: the code is useless
-- without its flow's 256-bit handle, which is kept hashed too. A code is counted before it is
-- compared (attempts, capped), consumed by one conditional UPDATE, and voided when a newer one is
-- issued for the same account and purpose. A decoy flow's code has no account and reaches no one.
CREATE TABLE one_time_code (
    id          uuid        NOT NULL CONSTRAINT one_time_code_pk PRIMARY KEY,
    flow_id     uuid        NOT NULL CONSTRAINT one_time_code_flow_fk REFERENCES recovery_flow (id) ON DELETE CASCADE,
    staff_id    uuid        CONSTRAINT one_time_code_staff_fk REFERENCES staff (id),
    purpose     text        NOT NULL CONSTRAINT one_time_code_purpose_known CHECK (purpose IN ('RESET', 'CONTACT')),
    code_hash   bytea       NOT NULL,
    attempts    integer     NOT NULL DEFAULT 0 CONSTRAINT one_time_code_attempts_positive CHECK (attempts >= 0),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    consumed_at timestamptz,
    voided_at   timestamptz
);

-- One live code per flow, and per account and purpose.
CREATE UNIQUE INDEX one_time_code_live_flow_key ON one_time_code (flow_id)
    WHERE consumed_at IS NULL AND voided_at IS NULL;
CREATE UNIQUE INDEX one_time_code_live_account_key ON one_time_code (staff_id, purpose)
    WHERE consumed_at IS NULL AND voided_at IS NULL AND staff_id IS NOT NULL;
CREATE INDEX one_time_code_expires_idx ON one_time_code (expires_at);
