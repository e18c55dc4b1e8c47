-- The académie this deployment serves. One row: a deployment serves exactly one académie, and
-- its identity comes from configuration (synchronised at start-up), never from code.
CREATE TABLE academie (
    id          smallint    NOT NULL CONSTRAINT academie_pk PRIMARY KEY
                                     CONSTRAINT academie_single_row CHECK (id = 1),
    code        varchar(2)  NOT NULL CONSTRAINT academie_code_format CHECK (code ~ '^[0-9]{2}$'),
    name        text        NOT NULL CONSTRAINT academie_name_not_blank CHECK (btrim(name) <> ''),
    mail_domain text        NOT NULL CONSTRAINT academie_mail_domain_format
                                     CHECK (mail_domain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$')
);
