-- Key rows name their node by its 32 identifier bytes instead of the 64-character grain key (the table and its primary
-- key are rewritten once, here). Rows written from this version on hold the public key compressed (68 bytes; the silo
-- restores the 134-byte pub data byte-exact); rows written before keep theirs whole, and both forms read back the
-- bytes that were uploaded. A release before this version cannot read the table afterwards.
ALTER TABLE ephemeral_key ALTER COLUMN node_id TYPE bytea USING decode(node_id, 'hex');
