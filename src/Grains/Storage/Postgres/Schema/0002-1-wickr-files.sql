-- Encrypted files, in the database so that every silo reads what any silo stored: one row per blob, and its bytes
-- in rows of at most one appended chunk each (the file grain's upload chunks), so no statement moves a whole file.
CREATE TABLE file_blob (
    blob_key   text        NOT NULL PRIMARY KEY,
    expires_at timestamptz NOT NULL,
    length     bigint      NOT NULL DEFAULT 0);

CREATE TABLE file_chunk (
    blob_key text   NOT NULL REFERENCES file_blob (blob_key) ON DELETE CASCADE,
    start    bigint NOT NULL,
    data     bytea  NOT NULL,
    PRIMARY KEY (blob_key, start));
