-- A packet's bytes are stored once however many mailboxes hold them (a group message names up to 500 nodes per
-- packet): keyed by their SHA-256, computed by the silo, never by message id (senders choose ids). refs counts the
-- mailbox_packet rows naming the body. The append counts its row in, in the statement that inserts it; the trigger
-- below counts deleted rows out in the statement that deletes them and deletes a body with its last row, so the
-- count moves in the same transaction as the rows, whichever path deletes them.
CREATE TABLE mailbox_body (
    hash bytea   NOT NULL PRIMARY KEY,
    refs integer NOT NULL,
    body bytea   NOT NULL);

-- Ciphertext does not compress: kept out of line as it is, without a compression attempt per body.
ALTER TABLE mailbox_body ALTER COLUMN body SET STORAGE EXTERNAL;

-- Rows written before this version keep their packet inline (body_hash null); later rows name their body instead.
ALTER TABLE mailbox_packet ADD COLUMN body_hash bytea;
ALTER TABLE mailbox_packet ALTER COLUMN packet DROP NOT NULL;
ALTER TABLE mailbox_packet ADD CONSTRAINT mailbox_packet_body CHECK ((packet IS NULL) <> (body_hash IS NULL));

CREATE FUNCTION wickr_mailbox_body_release() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE mailbox_body b SET refs = b.refs - gone.n
    FROM (SELECT body_hash, count(*) AS n FROM released WHERE body_hash IS NOT NULL GROUP BY body_hash) gone
    WHERE b.hash = gone.body_hash;
    DELETE FROM mailbox_body b WHERE b.refs <= 0 AND b.hash IN (SELECT body_hash FROM released WHERE body_hash IS NOT NULL);
    RETURN NULL;
END
$$;

CREATE TRIGGER mailbox_packet_body_release AFTER DELETE ON mailbox_packet
    REFERENCING OLD TABLE AS released
    FOR EACH STATEMENT EXECUTE FUNCTION wickr_mailbox_body_release();
