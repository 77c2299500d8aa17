using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Grains.Interfaces.Auth;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>
/// Stateless auth challenges: nonce = expiry (unix ms, 8 bytes big-endian) ‖ random (8) ‖ the first 16 bytes of
/// HMAC-SHA256(K, "wickr-cluster-challenge-v1" ‖ node id ‖ expiry ‖ random), K = HKDF-SHA256(token key,
/// info "wickr-cluster-challenge-v1"). Issuing keeps no state anywhere, so nobody can use up a node's challenges; any
/// gateway with the token secret checks a nonce without asking anyone. Single use is enforced after the signature
/// verifies (<see cref="IAuthReplayGrain"/>).
/// </summary>
internal sealed class ChallengeNonces
{
    private const int RandomSize = 8;
    private const int MacSize = AuthLimits.NonceSize - 8 - RandomSize;
    private static readonly byte[] Label = "wickr-cluster-challenge-v1"u8.ToArray();
    private readonly byte[][] _keys;
    private readonly IOptions<GatewayOptions> _options;
    private readonly TimeProvider _time;

    public ChallengeNonces(TokenKeys keys, IOptions<GatewayOptions> options, [FromKeyedServices(GatewayClock.Key)] TimeProvider time)
    {
        _keys = [.. new[] { keys.Current }.Concat(keys.Previous).Select(k => HKDF.DeriveKey(HashAlgorithmName.SHA256, k, 32, info: Label))];
        _options = options;
        _time = time;
    }

    /// <summary>A fresh nonce for <paramref name="nodeIdentifier"/>, valid for the configured challenge lifetime.</summary>
    public (byte[] Nonce, DateTimeOffset ExpiresAt) Issue(ReadOnlySpan<byte> nodeIdentifier)
    {
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds((_time.GetUtcNow() + _options.Value.ChallengeLifetime).ToUnixTimeMilliseconds());
        var nonce = new byte[AuthLimits.NonceSize];
        BinaryPrimitives.WriteInt64BigEndian(nonce, expiresAt.ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(nonce.AsSpan(8, RandomSize));
        Mac(_keys[0], nodeIdentifier, nonce).CopyTo(nonce.AsSpan(8 + RandomSize));
        return (nonce, expiresAt);
    }

    /// <summary>True with the nonce's expiry when a gateway of this cluster issued it for this node and it has not expired.</summary>
    public bool TryVerify(ReadOnlySpan<byte> nodeIdentifier, byte[] nonce, out DateTimeOffset expiresAt)
    {
        expiresAt = default;
        if (nonce.Length != AuthLimits.NonceSize)
        {
            return false;
        }

        var mac = nonce.AsSpan(8 + RandomSize);
        var known = false;
        foreach (var key in _keys)
        {
            known |= CryptographicOperations.FixedTimeEquals(Mac(key, nodeIdentifier, nonce), mac);
        }

        var expiresAtMs = BinaryPrimitives.ReadInt64BigEndian(nonce);
        if (!known || expiresAtMs <= _time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            return false;
        }

        expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(expiresAtMs);
        return true;
    }

    private static byte[] Mac(byte[] key, ReadOnlySpan<byte> nodeIdentifier, byte[] nonce)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Label);
        hmac.AppendData(nodeIdentifier);
        hmac.AppendData(nonce.AsSpan(0, 8 + RandomSize));
        return hmac.GetHashAndReset()[..MacSize];
    }
}
