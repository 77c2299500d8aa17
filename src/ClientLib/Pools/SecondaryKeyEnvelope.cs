using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Encoding;
using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.ClientLib.Pools;

/// <summary>
/// How secondary keys ride in a message: an application-level envelope inside the (encrypted) message body, so the
/// packet bytes stay exactly the reference's. A wrapped body is <c>magic ‖ { 1 body; 2 repeated handout }</c> with
/// <c>handout { 1 node_id; 2 repeated key { 1 key_id; 2 public_key; 3 signature } }</c>. A body without handouts is
/// sent as is, unless it happens to start with the magic, in which case it is wrapped so it reads back unchanged.
/// A reference client sees the envelope as part of the body.
/// </summary>
public static class SecondaryKeyEnvelope
{
    /// <summary>Most handouts one envelope is read with.</summary>
    public const int MaxHandouts = 64;

    /// <summary>Most keys one handout is read with.</summary>
    public const int MaxKeysPerHandout = 16;

    /// <summary>The bytes a wrapped body starts with: NUL "WCSK" version 1.</summary>
    public static ReadOnlySpan<byte> Magic => [0x00, 0x57, 0x43, 0x53, 0x4B, 0x01];

    /// <summary>The body to encrypt: <paramref name="body"/> itself, or the envelope carrying it and <paramref name="handouts"/>.</summary>
    public static byte[] Wrap(byte[] body, IReadOnlyCollection<SecondaryKeyHandout> handouts)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(handouts);
        var nonEmpty = handouts.Where(h => h.Keys.Count > 0).ToList();
        if (nonEmpty.Count == 0 && !body.AsSpan().StartsWith(Magic))
        {
            return body;
        }

        var writer = new ProtoWriter(body.Length + 64 + (nonEmpty.Sum(h => h.Keys.Count) * 300)).WriteBytes(1, body);
        foreach (var handout in nonEmpty)
        {
            var entry = new ProtoWriter(64 + (handout.Keys.Count * 300)).WriteBytes(1, handout.NodeIdentifier);
            foreach (var key in handout.Keys)
            {
                var encoded = new ProtoWriter(300)
                    .WriteUInt64(1, key.KeyId)
                    .WriteBytes(2, key.PublicKey.Encoded)
                    .WriteBytes(3, key.NodeSignature);
                entry.WriteBytes(2, encoded.WrittenSpan);
            }

            writer.WriteBytes(2, entry.WrittenSpan);
        }

        var wrapped = new byte[Magic.Length + writer.Length];
        Magic.CopyTo(wrapped);
        writer.WrittenSpan.CopyTo(wrapped.AsSpan(Magic.Length));
        return wrapped;
    }

    /// <summary>
    /// Reads a decrypted body: the application's body and the handouts. A body without the magic, or whose envelope
    /// does not parse, is returned as is with no handouts, so a stranger's message is never lost to it. Keys are not
    /// checked here (their signatures need the sending node's key): see <see cref="SignedEphemeralKey.Validate"/>.
    /// </summary>
    public static (byte[] Body, IReadOnlyList<SecondaryKeyHandout> Handouts) Unwrap(ICryptoSuite suite, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(body);
        if (!body.AsSpan().StartsWith(Magic))
        {
            return (body, []);
        }

        try
        {
            byte[]? inner = null;
            var handouts = new List<SecondaryKeyHandout>();
            var reader = new ProtoReader(body.AsSpan(Magic.Length));
            while (reader.Next())
            {
                switch (reader.Field)
                {
                    case 1: inner = reader.ReadBytes().ToArray(); break;
                    case 2 when handouts.Count < MaxHandouts: handouts.Add(ReadHandout(suite, reader.ReadBytes())); break;
                    default: reader.Skip(); break;
                }
            }

            return inner is null ? (body, []) : (inner, handouts);
        }
        catch (WickrException)
        {
            return (body, []);
        }
    }

    private static SecondaryKeyHandout ReadHandout(ICryptoSuite suite, ReadOnlySpan<byte> encoded)
    {
        byte[]? node = null;
        var keys = new List<SignedEphemeralKey>();
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: node = reader.ReadBytes().ToArray(); break;
                case 2 when keys.Count < MaxKeysPerHandout: keys.Add(ReadKey(suite, reader.ReadBytes())); break;
                default: reader.Skip(); break;
            }
        }

        return new SecondaryKeyHandout(node ?? throw new WickrException(WickrError.Parse, "a secondary key handout names no node"), keys);
    }

    private static SignedEphemeralKey ReadKey(ICryptoSuite suite, ReadOnlySpan<byte> encoded)
    {
        ulong? id = null;
        ReadOnlySpan<byte> publicKey = default, signature = default;
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: id = reader.ReadUInt64(); break;
                case 2: publicKey = reader.ReadBytes(); break;
                case 3: signature = reader.ReadBytes(); break;
                default: reader.Skip(); break;
            }
        }

        return new SignedEphemeralKey(
            id ?? throw new WickrException(WickrError.Parse, "a secondary key has no id"),
            suite.DecodePublicKey(publicKey),
            signature);
    }
}
