-- A session: one login of one person on one client, i.e. one refresh-token family. Only the
-- SHA-256 of the current refresh token is kept (the token itself has 256 random bits, so a fast
-- digest is enough); each use replaces it (rotation) and files the old digest in
-- rotated_refresh_token, so that a replayed token is recognised, even after a restart, and
-- revokes the whole family. expires_at is absolute: rotation never extends it.
CREATE TABLE session (
    id             uuid        NOT NULL CONSTRAINT session_pk PRIMARY KEY,
    staff_id       uuid        NOT NULL CONSTRAINT session_staff_fk REFERENCES staff (id),
    client_id      text        NOT NULL,
    token_hash     bytea       NOT NULL CONSTRAINT session_token_hash_key UNIQUE,
    created_at     timestamptz NOT NULL,
    last_used_at   timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoke_reason  text        CONSTRAINT session_revoke_reason_known
                               CHECK (revoke_reason IN ('LOGOUT', 'REPLAY', 'PASSWORD_CHANGED', 'ENDED_BY_USER',
                                                        'ACCOUNT_BLOCKED', 'ACCOUNT_DELETED', 'ADMIN')),
    client_address text,
    user_agent     text,
    CONSTRAINT session_revoked_has_reason CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
);

CREATE INDEX session_staff_idx ON session (staff_id, created_at);
CREATE INDEX session_expires_idx ON session (expires_at);

CREATE TABLE rotated_refresh_token (
    token_hash bytea       NOT NULL CONSTRAINT rotated_refresh_token_pk PRIMARY KEY,
    session_id uuid        NOT NULL CONSTRAINT rotated_refresh_token_session_fk
                                    REFERENCES session (id) ON DELETE CASCADE,
    rotated_at timestamptz NOT NULL
);

CREATE INDEX rotated_refresh_token_session_idx ON rotated_refresh_token (session_id);

-- Access tokens revoked before their (short) expiry, by jti, so that introspection refuses them.
CREATE TABLE revoked_access_token (
    jti        uuid        NOT NULL CONSTRAINT revoked_access_token_pk PRIMARY KEY,
    expires_at timestamptz NOT NULL
);
