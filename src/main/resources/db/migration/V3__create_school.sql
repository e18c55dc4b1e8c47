-- Schools and services, by UAI (7 digits and a check letter). Kept up to date by the HR import.
CREATE TABLE school (
    uai              char(8)    COLLATE "C" NOT NULL CONSTRAINT school_pk PRIMARY KEY
                                            CONSTRAINT school_uai_format CHECK (uai ~ '^[0-9]{7}[A-Z]$'),
    name             text       NOT NULL,
    departement_code varchar(3) NOT NULL CONSTRAINT school_departement_fk REFERENCES departement (code)
);
