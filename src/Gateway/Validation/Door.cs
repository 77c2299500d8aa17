using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Gateway.Errors;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Gateway.Validation;

/// <summary>
/// Checks at the door: every field of a request is read through here, so a malformed one is refused with
/// INVALID_ARGUMENT naming the field before anything is changed. Identifiers follow the Protocol types' one grammar
/// (<see cref="NodeId"/>, <see cref="RootId"/>, <see cref="Protocol.MessageId"/>); keys and signatures are checked with
/// the Protocol's crypto types.
/// </summary>
internal static class Door
{
    /// <summary>A <see cref="NodeId"/>.</summary>
    public static byte[] NodeIdentifier(ByteString value, string field)
    {
        return NodeId.Problem(value.Length) is { } problem ? throw GatewayErrors.Invalid($"{field}: {problem}.") : value.ToByteArray();
    }

    /// <summary>A <see cref="RootId"/>.</summary>
    public static byte[] RootIdentifier(ByteString value, string field)
    {
        return RootId.Problem(value.Length) is { } problem ? throw GatewayErrors.Invalid($"{field}: {problem}.") : value.ToByteArray();
    }

    public static byte[] DevId(ByteString value, string field)
    {
        return value.Length == ProtocolSizes.DevId
            ? value.ToByteArray()
            : throw GatewayErrors.Invalid($"{field}: a dev_id has {ProtocolSizes.DevId} bytes, not {value.Length}.");
    }

    /// <summary>A P-521 public key in pub-data form, its point checked to lie on the curve.</summary>
    public static EcPublicKey PublicKey(ByteString value, string field)
    {
        try
        {
            return EcPublicKey.Decode(value.Span);
        }
        catch (WickrException ex)
        {
            throw GatewayErrors.Invalid($"{field}: {Describe(ex)}.");
        }
    }

    /// <summary>A signature's size; its framing is checked when it is verified.</summary>
    public static byte[] Signature(ByteString value, string field)
    {
        return value.Length == EcdsaSignature.EncodedSize
            ? value.ToByteArray()
            : throw GatewayErrors.Invalid($"{field}: a signature has {EcdsaSignature.EncodedSize} bytes, not {value.Length}.");
    }

    /// <summary>
    /// Verifies <paramref name="signature"/> over <paramref name="data"/>. A malformed signature is INVALID_ARGUMENT; one
    /// that does not verify gets <paramref name="onMismatch"/> with <paramref name="mismatch"/> as the message.
    /// </summary>
    public static void Verify(EcPublicKey key, ReadOnlySpan<byte> data, byte[] signature, string field, StatusCode onMismatch, string mismatch)
    {
        bool valid;
        try
        {
            valid = EcdsaSignature.Verify(key, data, signature);
        }
        catch (WickrException ex)
        {
            throw GatewayErrors.Invalid($"{field}: {Describe(ex)}.");
        }

        if (!valid)
        {
            throw new RpcException(new Status(onMismatch, $"{field}: {mismatch}"));
        }
    }

    /// <summary>A <see cref="Protocol.MessageId"/>, in its text form.</summary>
    public static string MessageId(string value)
    {
        return Protocol.MessageId.Problem(value) is { } problem ? throw GatewayErrors.Invalid($"message_id: {problem}.") : value;
    }

    public static void IssuedAt(long issuedAtUnixMs, DateTimeOffset now, TimeSpan skew)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var skewMs = (long)skew.TotalMilliseconds;
        if (issuedAtUnixMs < nowMs - skewMs || issuedAtUnixMs > nowMs + skewMs)
        {
            throw GatewayErrors.Invalid(
                $"issued_at_unix_ms: {issuedAtUnixMs} is more than {skew.TotalSeconds:0} s away from the gateway's clock "
                + $"({nowMs}); sign the request again with the current time.");
        }
    }

    public static void Count(int count, int max, string field, string what)
    {
        if (count < 1 || count > max)
        {
            throw GatewayErrors.Invalid($"{field}: 1 to {max} {what}, not {count}.");
        }
    }

    /// <summary>Node identifiers, each 32 bytes, no repeats, 1 to <paramref name="max"/> of them.</summary>
    public static byte[][] DistinctNodeIdentifiers(IReadOnlyList<ByteString> values, int max, string field)
    {
        Count(values.Count, max, field, "node identifiers");
        var seen = new HashSet<string>(values.Count, StringComparer.Ordinal);
        var result = new byte[values.Count][];
        for (var i = 0; i < values.Count; i++)
        {
            result[i] = NodeIdentifier(values[i], $"{field}[{i}]");
            if (!seen.Add(Convert.ToHexString(result[i])))
            {
                throw GatewayErrors.Invalid($"{field}[{i}]: the node is listed more than once.");
            }
        }

        return result;
    }

    /// <summary>ClientLib's message without its "Kind: " prefix, which the status code already conveys.</summary>
    public static string Describe(WickrException ex)
    {
        var prefix = ex.Error + ": ";
        return ex.Message.StartsWith(prefix, StringComparison.Ordinal) ? ex.Message[prefix.Length..] : ex.Message;
    }
}
