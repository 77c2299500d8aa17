using Wickr.Cluster.Protocol.Encoding;

namespace Wickr.Cluster.Protocol.Identity;

/// <summary>The raw fields of one <c>Identity</c> protobuf message.</summary>
internal readonly ref struct IdentityFields(ReadOnlySpan<byte> identifier, ReadOnlySpan<byte> key, ReadOnlySpan<byte> signature, bool isPrivate)
{
    public ReadOnlySpan<byte> Identifier { get; } = identifier;

    public ReadOnlySpan<byte> Key { get; } = key;

    public ReadOnlySpan<byte> Signature { get; } = signature;

    public bool IsPrivate { get; } = isPrivate;

    public static IdentityFields Read(ReadOnlySpan<byte> encoded, ulong expectedType)
    {
        ReadOnlySpan<byte> identifier = default, key = default, signature = default;
        ulong type = 0;
        var isPrivate = false;
        bool hasIdentifier = false, hasKey = false;
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: identifier = reader.ReadBytes(); hasIdentifier = true; break;
                case 2: key = reader.ReadBytes(); hasKey = true; break;
                case 3: signature = reader.ReadBytes(); break;
                case 4: type = reader.ReadUInt64(); break;
                case 5: isPrivate = reader.ReadUInt64() != 0; break;
                default: reader.Skip(); break;
            }
        }

        if (!hasIdentifier || !hasKey)
        {
            throw new WickrException(WickrError.Parse, "an identity needs an identifier and a key");
        }

        if (type != expectedType)
        {
            throw new WickrException(WickrError.Parse, $"identity of type {type} where type {expectedType} was expected");
        }

        return new IdentityFields(identifier, key, signature, isPrivate);
    }
}
