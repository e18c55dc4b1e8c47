-- Every change of an account's state, with who or what caused it.
CREATE TABLE account_state_change (
    id          bigint      GENERATED ALWAYS AS IDENTITY CONSTRAINT account_state_change_pk PRIMARY KEY,
    staff_id    uuid        NOT NULL CONSTRAINT account_state_change_staff_fk REFERENCES staff (id),
    from_state  text        CONSTRAINT account_state_change_from_known
                                     CHECK (from_state IN ('PENDING', 'ACTIVE', 'BLOCKED', 'DELETED')),
    to_state    text        NOT NULL CONSTRAINT account_state_change_to_known
                                     CHECK (to_state IN ('PENDING', 'ACTIVE', 'BLOCKED', 'DELETED')),
    reason      text,
    actor       text        NOT NULL,
    changed_at  timestamptz NOT NULL
);

CREATE INDEX account_state_change_staff_idx ON account_state_change (staff_id, changed_at);
