using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Testing.Protocol;

/// <summary>
/// Pub data of random P-521 points, for tests that need a public key the stores accept (they keep keys compressed and
/// refuse anything that is not a point) without the cost of generating a key pair.
/// </summary>
public static class TestPoints
{
    /// <summary>A random point's 134-byte pub data; the same for the same seed of <paramref name="random"/>.</summary>
    /// <param name="random">The source of x and the parity; cryptographic randomness when null.</param>
    public static byte[] PublicKey(Random? random = null)
    {
        var compressed = new byte[CompressedPublicKey.EncodedSize];
        while (true)
        {
            // About half of the x in the field have a point; the top byte keeps x below p.
            if (random is null)
            {
                RandomNumberGenerator.Fill(compressed);
            }
            else
            {
                random.NextBytes(compressed);
            }

            compressed[0] = EcPublicKey.P521CurveId;
            compressed[1] = (byte)(0x02 | (compressed[1] & 1));
            compressed[2] &= 0x01;
            if (CompressedPublicKey.TryDecompress(compressed) is { } publicKey)
            {
                return publicKey;
            }
        }
    }
}
