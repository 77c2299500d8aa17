-- The stores Orleans has no provider for: mailboxes and ephemeral key pools (grain state, membership and reminders
-- are Orleans' own tables above). Key ids are unsigned 64-bit: stored with the top bit flipped, so bigint order is
-- key order.
CREATE TABLE mailbox_packet (
    node_id     text        NOT NULL,
    sequence    bigint      NOT NULL,
    sender_root bytea       NOT NULL,
    sender_node bytea       NOT NULL,
    message_id  text        NOT NULL,
    size        integer     NOT NULL,
    enqueued_at bigint      NOT NULL,
    packet      bytea       NOT NULL,
    PRIMARY KEY (node_id, sequence));
CREATE UNIQUE INDEX mailbox_packet_message ON mailbox_packet (node_id, sender_node, message_id);
CREATE INDEX mailbox_packet_enqueued ON mailbox_packet (node_id, enqueued_at);

-- An acknowledged packet's message id, remembered until retention so a resend is not stored again.
CREATE TABLE mailbox_acked (
    node_id     text    NOT NULL,
    sender_node bytea   NOT NULL,
    message_id  text    NOT NULL,
    sequence    bigint  NOT NULL,
    enqueued_at bigint  NOT NULL,
    PRIMARY KEY (node_id, sender_node, message_id));
CREATE INDEX mailbox_acked_enqueued ON mailbox_acked (node_id, enqueued_at);

CREATE TABLE ephemeral_key (
    node_id    text   NOT NULL,
    key_id     bigint NOT NULL,
    public_key bytea  NOT NULL,
    signature  bytea  NOT NULL,
    PRIMARY KEY (node_id, key_id));
