-- HR imports: their options, progress, outcome and per-row report (gzipped CSV).
CREATE TABLE import_job (
    id            uuid        NOT NULL CONSTRAINT import_job_pk PRIMARY KEY,
    file_name     text,
    mode          text        NOT NULL CONSTRAINT import_job_mode_known CHECK (mode IN ('PARTIAL', 'FULL')),
    departures    text        NOT NULL CONSTRAINT import_job_departures_known CHECK (departures IN ('KEEP', 'BLOCK')),
    status        text        NOT NULL CONSTRAINT import_job_status_known
                                       CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    phase         text        NOT NULL,
    rows_read     integer     NOT NULL DEFAULT 0,
    created       integer     NOT NULL DEFAULT 0,
    updated       integer     NOT NULL DEFAULT 0,
    unchanged     integer     NOT NULL DEFAULT 0,
    rejected      integer     NOT NULL DEFAULT 0,
    missing       integer     NOT NULL DEFAULT 0,
    departed      integer     NOT NULL DEFAULT 0,
    failure_code  text,
    failure       text,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz,
    report        bytea
);

CREATE INDEX import_job_started_idx ON import_job (started_at DESC);

-- The first refused rows of each import, for the API; the CSV report has every row.
CREATE TABLE import_job_rejection (
    job_id  uuid    NOT NULL CONSTRAINT import_job_rejection_job_fk REFERENCES import_job (id) ON DELETE CASCADE,
    line    integer NOT NULL,
    numen   text    NOT NULL,
    code    text    NOT NULL,
    reason  text    NOT NULL,
    CONSTRAINT import_job_rejection_pk PRIMARY KEY (job_id, line)
);
