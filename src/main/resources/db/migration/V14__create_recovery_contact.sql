-- A person's verified recovery channels: at most one e-mail address and one mobile number (E.164).
-- Only verified values live here; a value being verified waits in its recovery flow.
CREATE TABLE recovery_contact (
    staff_id    uuid        NOT NULL CONSTRAINT recovery_contact_staff_fk REFERENCES staff (id),
    channel     text        NOT NULL CONSTRAINT recovery_contact_channel_known CHECK (channel IN ('EMAIL', 'SMS')),
    value       text        NOT NULL CONSTRAINT recovery_contact_value_not_blank CHECK (btrim(value) <> ''),
    verified_at timestamptz NOT NULL,
    CONSTRAINT recovery_contact_pk PRIMARY KEY (staff_id, channel)
);
