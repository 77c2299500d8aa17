using System.Security.Cryptography;
using System.Text;

namespace Wickr.Cluster.EndToEnd.Tests.Harness;

/// <summary>The scan finds a secret in each form a store could write it in, and nothing in unrelated bytes.</summary>
public sealed class StorageScannerTests
{
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(66);

    public static TheoryData<string> Forms() => ["raw", "hex", "HEX", "base64", "base64url"];

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_secret_embedded_at_any_offset_in_any_form_is_found(string form)
    {
        var scanner = new StorageScanner([new KeyRecorder.Secret("scalar", Secret)]);
        for (var offset = 0; offset < 3; offset++)
        {
            var prefix = RandomNumberGenerator.GetBytes(offset + 5);
            var suffix = RandomNumberGenerator.GetBytes(7);
            var plain = (byte[])[.. prefix, .. Secret, .. suffix];
            var stored = form switch
            {
                "raw" => plain,
                "hex" => Encoding.ASCII.GetBytes(Convert.ToHexStringLower(plain)),
                "HEX" => Encoding.ASCII.GetBytes(Convert.ToHexString(plain)),
                "base64" => Encoding.ASCII.GetBytes(Convert.ToBase64String(plain)),
                _ => Encoding.ASCII.GetBytes(Convert.ToBase64String(plain).Replace('+', '-').Replace('/', '_')),
            };
            var haystack = (byte[])[.. RandomNumberGenerator.GetBytes(1000), .. stored, .. RandomNumberGenerator.GetBytes(1000)];
            Assert.NotEmpty(scanner.Find(haystack));
        }
    }

    [Fact]
    public void Unrelated_bytes_and_a_secret_with_one_bit_flipped_are_not_found()
    {
        var scanner = new StorageScanner([new KeyRecorder.Secret("scalar", Secret)]);
        var flipped = (byte[])Secret.Clone();
        flipped[40] ^= 1;
        Assert.Empty(scanner.Find([.. RandomNumberGenerator.GetBytes(100_000), .. flipped]));
    }
}
