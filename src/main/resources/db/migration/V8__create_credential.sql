-- A staff member's password, as an Argon2id PHC string that carries its own parameters
-- ($argon2id$v=19$m=19456,t=2,p=1$salt$hash), so that hashes made with older parameters can be
-- recognised and upgraded at the next login. Never the password itself.
CREATE TABLE credential (
    staff_id      uuid        NOT NULL CONSTRAINT credential_pk PRIMARY KEY
                              CONSTRAINT credential_staff_fk REFERENCES staff (id),
    password_hash text        NOT NULL CONSTRAINT credential_hash_is_argon2id CHECK (password_hash LIKE '$argon2id$%'),
    changed_at    timestamptz NOT NULL
);
