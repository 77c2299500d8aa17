using Wickr.Cluster.Protocol.Encoding;

namespace Wickr.Cluster.Protocol.Packets;

/// <summary>The <c>payload { 3 metadata; 4 body }</c> protobuf, with proto2 required fields always written.</summary>
internal static class PayloadCodec
{
    public static byte[] Encode(PlainMessage message)
    {
        var metadata = message.Metadata;
        var ephemerality = new ProtoWriter(24).WriteUInt64(1, metadata.TimeToLive);
        if (metadata.BurnOnRead != 0)
        {
            // The reference writes bor only when set; a reader must treat its absence as 0.
            ephemerality.WriteUInt64(2, metadata.BurnOnRead);
        }

        var meta = new ProtoWriter(64 + metadata.ChannelTag.Length)
            .WriteBytes(1, ephemerality.WrittenSpan)
            .WriteBytes(2, metadata.ChannelTag)
            .WriteUInt64(3, metadata.ContentType);
        return new ProtoWriter(message.Body.Length + meta.Length + 16)
            .WriteBytes(3, meta.WrittenSpan)
            .WriteBytes(4, message.Body)
            .ToArray();
    }

    public static PlainMessage Decode(ReadOnlySpan<byte> encoded)
    {
        PacketMetadata? metadata = null;
        byte[]? body = null;
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 3: metadata = DecodeMetadata(reader.ReadBytes()); break;
                case 4: body = reader.ReadBytes().ToArray(); break;
                default: reader.Skip(); break;
            }
        }

        if (metadata is null || body is null)
        {
            throw new WickrException(WickrError.Parse, "the payload lacks its required metadata or body");
        }

        return new PlainMessage(metadata, body);
    }

    private static PacketMetadata DecodeMetadata(ReadOnlySpan<byte> encoded)
    {
        ulong? ttl = null;
        ulong bor = 0, contentType = 0;
        var tag = Array.Empty<byte>();
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1:
                    var inner = new ProtoReader(reader.ReadBytes());
                    while (inner.Next())
                    {
                        switch (inner.Field)
                        {
                            case 1: ttl = inner.ReadUInt64(); break;
                            case 2: bor = inner.ReadUInt64(); break;
                            default: inner.Skip(); break;
                        }
                    }

                    break;
                case 2: tag = reader.ReadBytes().ToArray(); break;
                case 3: contentType = reader.ReadUInt64(); break;
                default: reader.Skip(); break;
            }
        }

        if (ttl is null)
        {
            throw new WickrException(WickrError.Parse, "the metadata lacks its required ephemerality ttl");
        }

        if (contentType > ushort.MaxValue)
        {
            throw new WickrException(WickrError.Parse, $"content type {contentType} does not fit in 16 bits");
        }

        return new PacketMetadata(ttl.Value, bor, tag, (ushort)contentType);
    }
}
