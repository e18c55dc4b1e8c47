-- The départements of the académie, each run by a DSDEN, and the contacts of each DSDEN's staff
-- services per staff category (the pages show them to people who cannot help themselves).
CREATE TABLE departement (
    code        varchar(3)  NOT NULL CONSTRAINT departement_pk PRIMARY KEY
                                     CONSTRAINT departement_code_format CHECK (code ~ '^[0-9][0-9AB][0-9]?$'),
    name        text        NOT NULL CONSTRAINT departement_name_not_blank CHECK (btrim(name) <> ''),
    dsden_name  text        NOT NULL CONSTRAINT departement_dsden_name_not_blank CHECK (btrim(dsden_name) <> '')
);

CREATE TABLE dsden_contact (
    departement_code varchar(3) NOT NULL CONSTRAINT dsden_contact_departement_fk REFERENCES departement (code),
    category         text       NOT NULL CONSTRAINT dsden_contact_category_known
                                         CHECK (category IN ('PREMIER_DEGRE', 'SECOND_DEGRE', 'PRIVE', 'ATSS', 'AUTRE')),
    service          text       NOT NULL CONSTRAINT dsden_contact_service_not_blank CHECK (btrim(service) <> ''),
    email            text,
    phone            text,
    hours            text,
    CONSTRAINT dsden_contact_pk PRIMARY KEY (departement_code, category),
    CONSTRAINT dsden_contact_reachable CHECK (email IS NOT NULL OR phone IS NOT NULL)
);
