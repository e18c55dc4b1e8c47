-- Keys that sign access tokens. The private part is encrypted (AES-256-GCM, key id as associated
-- data) under a key-encryption key that lives outside the database. A key is published in the
-- JWKS from creation, signs from signs_from (publish ahead, so verifiers know it first), stops
-- signing when a newer key of its algorithm takes over, and stays published until the tokens it
-- signed have expired. revoked_at (emergency rotation) withdraws it at once.
CREATE TABLE signing_key (
    kid         text        COLLATE "C" NOT NULL CONSTRAINT signing_key_pk PRIMARY KEY,
    algorithm   text        NOT NULL CONSTRAINT signing_key_algorithm_known CHECK (algorithm IN ('ES256', 'RS256')),
    public_jwk  text        NOT NULL,
    private_key bytea       NOT NULL,
    created_at  timestamptz NOT NULL,
    signs_from  timestamptz NOT NULL,
    revoked_at  timestamptz
);

CREATE INDEX signing_key_algorithm_idx ON signing_key (algorithm, signs_from);
