-- The last homonym number handed out per login or address base. Numbers only ever grow, so a
-- login or address is never handed out twice, even after its owner was deleted and purged.
-- Reserving numbers is an atomic upsert on this table: concurrent imports and creations queue on
-- the row of the base they share, and the unique keys on staff back it.
CREATE TABLE identifier_sequence (
    kind        text    NOT NULL CONSTRAINT identifier_sequence_kind_known CHECK (kind IN ('LOGIN', 'ADDRESS')),
    base        text    COLLATE "C" NOT NULL,
    last_number integer NOT NULL CONSTRAINT identifier_sequence_last_number_positive CHECK (last_number > 0),
    CONSTRAINT identifier_sequence_pk PRIMARY KEY (kind, base)
);
