using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol.Encoding;
using Wickr.Cluster.Protocol.Recovery;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>The protobuf encodings of the store's sealed rows (messages, contacts, outbox entries).</summary>
internal static class StoreCodec
{
    public static byte[] EncodeMessage(StoredMessage m) => new ProtoWriter(m.Body.Length + 1024)
        .WriteUInt64(1, (ulong)m.Sequence)
        .WriteBytes(2, Utf8(m.MessageId))
        .WriteBytes(3, Utf8(m.SenderRootIdentifierHex))
        .WriteBytes(4, Utf8(m.SenderNodeIdentifierHex))
        .WriteUInt64(5, m.TimeToLive)
        .WriteUInt64(6, m.BurnOnRead)
        .WriteUInt64(7, m.ContentType)
        .WriteBytes(8, m.Body)
        .WriteUInt64(9, (ulong)(m.SentAt?.ToUnixTimeMilliseconds() ?? -1L))
        .WriteUInt64(10, (ulong)m.ReceivedAt.ToUnixTimeMilliseconds())
        .WriteUInt64(11, (ulong)m.SenderPin)
        .WriteBool(12, m.ViaLastResortKey)
        .WriteBytes(13, m.ChannelTag)
        .ToArrayAndZero();

    /// <summary>Reads a message row; the deadlines come from the row's clear columns. A row written before the channel tag was kept (field 13) reads with an empty tag.</summary>
    public static StoredMessage DecodeMessage(ReadOnlySpan<byte> encoded, DateTimeOffset? deleteAt, DateTimeOffset? readAt)
    {
        long sequence = 0;
        string id = string.Empty, root = string.Empty, node = string.Empty;
        ulong ttl = 0, bor = 0, contentType = 0, sent = ulong.MaxValue, received = 0, pin = 0;
        byte[] body = [], channelTag = [];
        var lastResort = false;
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: sequence = (long)reader.ReadUInt64(); break;
                case 2: id = Text(reader.ReadBytes()); break;
                case 3: root = Text(reader.ReadBytes()); break;
                case 4: node = Text(reader.ReadBytes()); break;
                case 5: ttl = reader.ReadUInt64(); break;
                case 6: bor = reader.ReadUInt64(); break;
                case 7: contentType = reader.ReadUInt64(); break;
                case 8: body = reader.ReadBytes().ToArray(); break;
                case 9: sent = reader.ReadUInt64(); break;
                case 10: received = reader.ReadUInt64(); break;
                case 11: pin = reader.ReadUInt64(); break;
                case 12: lastResort = reader.ReadUInt64() != 0; break;
                case 13: channelTag = reader.ReadBytes().ToArray(); break;
                default: reader.Skip(); break;
            }
        }
        DateTimeOffset? sentAt = (long)sent < 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)sent);
        return new StoredMessage(sequence, id, root, node, ttl, bor, (ushort)contentType, channelTag, body, sentAt,
            DateTimeOffset.FromUnixTimeMilliseconds((long)received), deleteAt, readAt, (PinStatus)pin, lastResort);
    }

    public static byte[] EncodeContacts(IEnumerable<Contact> contacts)
    {
        var writer = new ProtoWriter(64 * 1024);
        foreach (var c in contacts)
        {
            var one = new ProtoWriter(512)
                .WriteBytes(1, Utf8(c.RootIdentifierHex))
                .WriteBytes(2, Utf8(c.Name))
                .WriteBytes(3, c.PinnedRoot)
                .WriteBool(4, c.Verified);
            writer.WriteBytes(1, one.WrittenSpan);
        }
        return writer.ToArray();
    }

    public static List<Contact> DecodeContacts(ReadOnlySpan<byte> encoded)
    {
        var contacts = new List<Contact>();
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            if (reader.Field != 1)
            {
                reader.Skip();
                continue;
            }
            string root = string.Empty, name = string.Empty;
            byte[] pinned = [];
            var verified = false;
            var inner = new ProtoReader(reader.ReadBytes());
            while (inner.Next())
            {
                switch (inner.Field)
                {
                    case 1: root = Text(inner.ReadBytes()); break;
                    case 2: name = Text(inner.ReadBytes()); break;
                    case 3: pinned = inner.ReadBytes().ToArray(); break;
                    case 4: verified = inner.ReadUInt64() != 0; break;
                    default: inner.Skip(); break;
                }
            }
            contacts.Add(new Contact(root, name, pinned, verified));
        }
        return contacts;
    }

    public static byte[] EncodeOutbox(OutboxEntry e)
    {
        var writer = new ProtoWriter(e.Body.Length + 1024).WriteBytes(1, Utf8(e.MessageId));
        foreach (var root in e.RecipientRootIdentifiersHex)
        {
            writer.WriteBytes(2, Utf8(root));
        }
        return writer
            .WriteUInt64(3, e.TimeToLive)
            .WriteUInt64(4, e.BurnOnRead)
            .WriteUInt64(5, e.ContentType)
            .WriteBytes(6, e.Body)
            .WriteUInt64(7, (ulong)e.CreatedAt.ToUnixTimeMilliseconds())
            .WriteBytes(8, e.ChannelTag ?? [])
            .ToArrayAndZero();
    }

    public static OutboxEntry DecodeOutbox(ReadOnlySpan<byte> encoded)
    {
        string id = string.Empty;
        var roots = new List<string>();
        ulong ttl = 0, bor = 0, contentType = 0, created = 0;
        byte[] body = [], tag = [];
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: id = Text(reader.ReadBytes()); break;
                case 2: roots.Add(Text(reader.ReadBytes())); break;
                case 3: ttl = reader.ReadUInt64(); break;
                case 4: bor = reader.ReadUInt64(); break;
                case 5: contentType = reader.ReadUInt64(); break;
                case 6: body = reader.ReadBytes().ToArray(); break;
                case 7: created = reader.ReadUInt64(); break;
                case 8: tag = reader.ReadBytes().ToArray(); break;
                default: reader.Skip(); break;
            }
        }
        return new OutboxEntry(id, roots, ttl, bor, (ushort)contentType, body, DateTimeOffset.FromUnixTimeMilliseconds((long)created)) { ChannelTag = tag };
    }

    public static byte[] EncodeGroup(Groups.GroupRecord g)
    {
        var writer = new ProtoWriter(1024)
            .WriteBytes(1, Groups.GroupControl.EncodeState(g.Current))
            .WriteBytes(2, Utf8(g.Stamp.SenderRootIdentifierHex))
            .WriteBytes(3, Utf8(g.Stamp.MessageId))
            .WriteUInt64(5, (ulong)g.Status);
        if (g.Basis is { } basis)
        {
            writer.WriteBytes(4, Groups.GroupControl.EncodeState(basis));
        }
        return writer.ToArrayAndZero();
    }

    public static Groups.GroupRecord DecodeGroup(ReadOnlySpan<byte> encoded)
    {
        Groups.GroupState? current = null, basis = null;
        string sender = string.Empty, messageId = string.Empty;
        ulong status = 0;
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: current = Groups.GroupControl.DecodeState(reader.ReadBytes()); break;
                case 2: sender = Text(reader.ReadBytes()); break;
                case 3: messageId = Text(reader.ReadBytes()); break;
                case 4: basis = Groups.GroupControl.DecodeState(reader.ReadBytes()); break;
                case 5: status = reader.ReadUInt64(); break;
                default: reader.Skip(); break;
            }
        }
        if (current is null || !Enum.IsDefined((Groups.GroupStatus)status))
        {
            throw new Protocol.WickrException(Protocol.WickrError.Parse, "a stored group lacks its state");
        }
        return new Groups.GroupRecord(current, new Groups.GroupStamp(current.Version, sender, messageId), basis, (Groups.GroupStatus)status);
    }

    private static byte[] Utf8(string value) => System.Text.Encoding.UTF8.GetBytes(value);

    private static string Text(ReadOnlySpan<byte> value) => System.Text.Encoding.UTF8.GetString(value);
}
