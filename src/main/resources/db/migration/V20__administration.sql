-- Administration (issue 5): roles, the lifecycle of accounts (temporary blocks, soft deletion,
-- forced password renewal), codes handed over in person, and a stricter audit trail.

-- Who administers what. One role per person: académie administrators see the whole académie,
-- a DSDEN administrator one département, support reads and helps (assisted reset), auditors read
-- the audit only. Roles are read from here on every administration call, so taking one away takes
-- effect at once, whatever tokens are still out.
CREATE TABLE admin_role (
    staff_id         uuid        NOT NULL CONSTRAINT admin_role_pk PRIMARY KEY
                                 CONSTRAINT admin_role_staff_fk REFERENCES staff (id) ON DELETE CASCADE,
    role             text        NOT NULL CONSTRAINT admin_role_known
                                          CHECK (role IN ('academie-admin', 'dsden-admin', 'support', 'auditor')),
    departement_code varchar(3)  CONSTRAINT admin_role_departement_fk REFERENCES departement (code),
    granted_at       timestamptz NOT NULL,
    granted_by       text        NOT NULL,
    CONSTRAINT admin_role_dsden_has_departement CHECK ((role = 'dsden-admin') = (departement_code IS NOT NULL))
);

-- A block may end by itself (the académies block a hacked mailbox for 48 hours); a deleted account
-- is kept until deleted_at + the retention period, then purged.
ALTER TABLE staff ADD COLUMN blocked_until timestamptz;
ALTER TABLE staff ADD COLUMN deleted_at timestamptz;
ALTER TABLE staff ADD CONSTRAINT staff_deleted_has_date CHECK ((state = 'DELETED') = (deleted_at IS NOT NULL));
ALTER TABLE staff ADD CONSTRAINT staff_block_end_only_when_blocked CHECK (blocked_until IS NULL OR state = 'BLOCKED');
CREATE INDEX staff_blocked_until_idx ON staff (blocked_until) WHERE blocked_until IS NOT NULL;
CREATE INDEX staff_deleted_at_idx ON staff (deleted_at) WHERE deleted_at IS NOT NULL;
-- No index on departement_code: a DSDEN administrator's search walks the name index and filters,
-- and one more index on staff would slow every HR import of a million rows.

-- An administrator can ask for a new password: the current one stops opening the account (and
-- cannot be chosen again) until the person sets another through the forgotten-password flow.
ALTER TABLE credential ADD COLUMN must_change boolean NOT NULL DEFAULT false;

-- A one-time code an administrator hands over in person (assisted reset): 60 bits, kept as a
-- salted SHA-256, short-lived, 5 attempts, one live code per person.
CREATE TABLE assisted_code (
    staff_id    uuid        NOT NULL CONSTRAINT assisted_code_pk PRIMARY KEY
                            CONSTRAINT assisted_code_staff_fk REFERENCES staff (id) ON DELETE CASCADE,
    code_hash   bytea       NOT NULL,
    attempts    integer     NOT NULL DEFAULT 0 CONSTRAINT assisted_code_attempts_positive CHECK (attempts >= 0),
    issued_by   uuid        NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);

ALTER TABLE session DROP CONSTRAINT session_revoke_reason_known;
ALTER TABLE session ADD CONSTRAINT session_revoke_reason_known
    CHECK (revoke_reason IN ('LOGOUT', 'REPLAY', 'PASSWORD_CHANGED', 'ENDED_BY_USER',
                             'ACCOUNT_BLOCKED', 'ACCOUNT_DELETED', 'ADMIN', 'PASSWORD_RENEWAL'));

-- The audit names the user agent too, and is append-only: rows are never changed, except the
-- pseudonymisation of a purged person's ids (actor_id, target_id), and never deleted except by the
-- retention purge, which says so in its own transaction (SET LOCAL sesame.audit_purge = 'on').
ALTER TABLE audit_event ADD COLUMN user_agent text;
CREATE INDEX audit_event_actor_idx ON audit_event (actor_id, occurred_at);
CREATE INDEX audit_event_event_idx ON audit_event (event, occurred_at);

CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF current_setting('sesame.audit_purge', true) = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_event is append-only';
    END IF;
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.occurred_at IS DISTINCT FROM OLD.occurred_at
       OR NEW.event IS DISTINCT FROM OLD.event OR NEW.result IS DISTINCT FROM OLD.result
       OR NEW.reason IS DISTINCT FROM OLD.reason OR NEW.client_address IS DISTINCT FROM OLD.client_address
       OR NEW.user_agent IS DISTINCT FROM OLD.user_agent THEN
        RAISE EXCEPTION 'audit_event is append-only';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
