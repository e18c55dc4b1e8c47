-- A staff member and their account. The two are one-to-one for life (an account never exists
-- without its person, and a person has exactly one account), so they share a row: the HR import
-- writes one row per person instead of two.
-- departement_code and uai carry no foreign key: the import and the directory service check them
-- against the reference tables before writing, and per-row trigger checks would halve the import
-- rate of a million-row extract.
CREATE TABLE staff (
    id               uuid        NOT NULL CONSTRAINT staff_pk PRIMARY KEY,
    numen            char(13)    COLLATE "C" NOT NULL
                                 CONSTRAINT staff_numen_format CHECK (numen ~ '^[0-9]{2}[A-Z][0-9]{7}[A-Z]{3}$'),
    family_name      text        NOT NULL CONSTRAINT staff_family_name_not_blank CHECK (btrim(family_name) <> ''),
    first_name       text        NOT NULL CONSTRAINT staff_first_name_not_blank CHECK (btrim(first_name) <> ''),
    birth_date       date        NOT NULL,
    category         text        NOT NULL CONSTRAINT staff_category_known
                                          CHECK (category IN ('PREMIER_DEGRE', 'SECOND_DEGRE', 'PRIVE', 'ATSS', 'AUTRE')),
    departement_code varchar(3)  NOT NULL,
    uai              char(8)     COLLATE "C",
    -- Folded (ASCII, lower-case, letters only) search keys: "family first" and "first family".
    sort_key         text        COLLATE "C" NOT NULL,
    first_key        text        COLLATE "C" NOT NULL,
    -- Digest of the HR fields, so that an unchanged re-import compares one number per row.
    source_hash      bigint      NOT NULL,
    login            text        COLLATE "C" NOT NULL
                                 CONSTRAINT staff_login_format CHECK (login ~ '^[a-z]+[0-9]*$'),
    address          text        COLLATE "C" NOT NULL,
    state            text        NOT NULL CONSTRAINT staff_state_known
                                          CHECK (state IN ('PENDING', 'ACTIVE', 'BLOCKED', 'DELETED')),
    block_reason     text        CONSTRAINT staff_block_reason_known
                                          CHECK (block_reason IN ('COMPROMISED', 'SPAM', 'DEPARTURE', 'OTHER')),
    mail_quota_mb    integer     NOT NULL CONSTRAINT staff_mail_quota_positive CHECK (mail_quota_mb > 0),
    language         varchar(2)  NOT NULL CONSTRAINT staff_language_known CHECK (language IN ('fr', 'en')),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    CONSTRAINT staff_numen_key UNIQUE (numen),
    CONSTRAINT staff_login_key UNIQUE (login),
    CONSTRAINT staff_address_key UNIQUE (address),
    CONSTRAINT staff_blocked_has_reason CHECK ((state = 'BLOCKED') = (block_reason IS NOT NULL))
);

-- Prefix search in the order results are listed (keyset pagination on sort_key, id).
CREATE INDEX staff_sort_key_idx ON staff (sort_key, id);
CREATE INDEX staff_first_key_idx ON staff (first_key);
CREATE INDEX staff_uai_idx ON staff (uai, sort_key, id);
