using Wickr.Cluster.Protocol.Encoding;

namespace Wickr.Cluster.Protocol.Packets;

/// <summary>
/// The encrypted header's plaintext: <c>key_exchange_set { 1 sender_pub; repeated 2 exchange { 1 identifier;
/// 2 key_id; 3 exchange_data } }</c> — PKEs and the key exchange list KEL of the paper.
/// </summary>
internal static class KeyExchangeSet
{
    public static byte[] Encode(ReadOnlySpan<byte> senderEphemeralPublic, IReadOnlyList<KeyExchangeEntry> exchanges)
    {
        var writer = new ProtoWriter(160 + (exchanges.Count * 100)).WriteBytes(1, senderEphemeralPublic);
        foreach (var exchange in exchanges)
        {
            var one = new ProtoWriter(100)
                .WriteBytes(1, exchange.NodeIdentifier)
                .WriteUInt64(2, exchange.KeyId)
                .WriteBytes(3, exchange.ExchangeData);
            writer.WriteBytes(2, one.WrittenSpan);
        }

        return writer.ToArray();
    }

    /// <summary>Finds the sender's ephemeral public key and the one exchange addressed to <paramref name="nodeIdentifier"/>.</summary>
    public static (byte[] SenderEphemeralPublic, KeyExchangeEntry? Mine) Find(ReadOnlySpan<byte> encoded, ReadOnlySpan<byte> nodeIdentifier)
    {
        byte[]? senderPublic = null;
        KeyExchangeEntry? mine = null;
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1:
                    senderPublic = reader.ReadBytes().ToArray();
                    break;
                case 2:
                    var entry = ReadEntry(reader.ReadBytes());
                    if (entry.NodeIdentifier.AsSpan().SequenceEqual(nodeIdentifier))
                    {
                        if (mine is not null)
                        {
                            throw new WickrException(WickrError.Parse, "the key exchange list names this node twice");
                        }

                        mine = entry;
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (senderPublic is null)
        {
            throw new WickrException(WickrError.Parse, "the packet header lacks the sender's ephemeral public key");
        }

        return (senderPublic, mine);
    }

    private static KeyExchangeEntry ReadEntry(ReadOnlySpan<byte> encoded)
    {
        byte[]? identifier = null, data = null;
        ulong? keyId = null;
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: identifier = reader.ReadBytes().ToArray(); break;
                case 2: keyId = reader.ReadUInt64(); break;
                case 3: data = reader.ReadBytes().ToArray(); break;
                default: reader.Skip(); break;
            }
        }

        if (identifier is null || keyId is null || data is null)
        {
            throw new WickrException(WickrError.Parse, "a key exchange lacks its identifier, key id or exchange data");
        }

        return new KeyExchangeEntry(identifier, keyId.Value, data);
    }
}
