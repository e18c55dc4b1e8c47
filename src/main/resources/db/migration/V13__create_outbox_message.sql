-- The outbox: every e-mail and SMS is written here in the same transaction as the change it
-- announces, then sent by the courier, so that a committed change is always announced and a
-- rolled-back one never is. A message is claimed for a short lease (locked_until) with
-- FOR UPDATE SKIP LOCKED, so that replicas never send the same message twice, and retried with a
-- growing delay until it is sent. parameters may hold a one-time code: they are erased once the
-- message is sent or discarded. A message with discard_after (a code that expires) is dropped
-- when it could not be sent in time, as it would be useless.
CREATE TABLE outbox_message (
    id              uuid        NOT NULL CONSTRAINT outbox_message_pk PRIMARY KEY,
    channel         text        NOT NULL CONSTRAINT outbox_message_channel_known CHECK (channel IN ('EMAIL', 'SMS')),
    recipient       text        NOT NULL,
    kind            text        NOT NULL,
    language        varchar(2)  NOT NULL CONSTRAINT outbox_message_language_known CHECK (language IN ('fr', 'en')),
    parameters      jsonb       NOT NULL,
    staff_id        uuid        CONSTRAINT outbox_message_staff_fk REFERENCES staff (id),
    created_at      timestamptz NOT NULL,
    discard_after   timestamptz,
    attempts        integer     NOT NULL DEFAULT 0 CONSTRAINT outbox_message_attempts_positive CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL,
    locked_until    timestamptz,
    last_error      text,
    sent_at         timestamptz,
    discarded_at    timestamptz,
    CONSTRAINT outbox_message_sent_or_discarded CHECK (sent_at IS NULL OR discarded_at IS NULL)
);

-- What the courier polls: only the messages still to send.
CREATE INDEX outbox_message_due_idx ON outbox_message (next_attempt_at)
    WHERE sent_at IS NULL AND discarded_at IS NULL;
CREATE INDEX outbox_message_staff_idx ON outbox_message (staff_id, created_at);
