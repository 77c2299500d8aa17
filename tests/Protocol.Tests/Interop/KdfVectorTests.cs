using System.Security.Cryptography;
using System.Text.Json;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.Protocol.Tests.Interop;

/// <summary>
/// Every KDF vector of the reference: scrypt for each passphrase kdf id (id 4 is N = 2^20, 1 GiB and several
/// seconds; it runs here once and nowhere else), HKDF with SHA-256/384/512 and HKDF-SHA512 expand-only. The scrypt
/// vectors cost seconds each and run in the full suite only (<c>Category=Slow</c>).
/// </summary>
public sealed class KdfVectorTests
{
    public static TheoryData<string> ScryptCases() => [.. Entries().Where(e => IsScrypt(e.Entry)).Select(e => e.Name)];

    public static TheoryData<string> HkdfCases() => [.. Entries().Where(e => !IsScrypt(e.Entry)).Select(e => e.Name)];

    private static IEnumerable<(string Name, JsonElement Entry)> Entries() => InteropVectors.Section("kdf")
        .Select((e, i) => ($"{i:00}-{e.Str("algo")}-id{e.GetProperty("kdf_id").GetInt32()}", e));

    private static JsonElement Case(string name) => Entries().Single(e => e.Name == name).Entry;

    private static bool IsScrypt(JsonElement entry) => entry.Str("algo") == "scrypt";

    [Theory]
    [Trait("Category", "Slow")]
    [MemberData(nameof(ScryptCases))]
    public void Reproduces_the_scrypt_output(string name) => Reproduces(name);

    [Theory]
    [MemberData(nameof(HkdfCases))]
    public void Reproduces_the_hkdf_output(string name) => Reproduces(name);

    private static void Reproduces(string name)
    {
        var entry = Case(name);
        var expected = entry.Hex("output");
        byte[] output;
        switch (entry.Str("algo"))
        {
            case "scrypt":
                var kdf = (PassphraseKdf)entry.GetProperty("kdf_id").GetByte();
                Assert.True(PassphraseSeal.ScryptN(kdf) == entry.GetProperty("scrypt_n").GetInt32(), $"{name}: N of kdf id {kdf}");
                Assert.True(PassphraseSeal.ScryptR == entry.GetProperty("scrypt_r").GetInt32(), $"{name}: r");
                Assert.True(PassphraseSeal.ScryptP == entry.GetProperty("scrypt_p").GetInt32(), $"{name}: p");
                var password = System.Text.Encoding.UTF8.GetBytes(entry.Str("password"));
                output = P521Suite.Instance.DerivePassphraseKey(password, entry.Hex("salt"), PassphraseSeal.ScryptN(kdf), PassphraseSeal.ScryptR, PassphraseSeal.ScryptP, expected.Length);
                break;
            case "hkdf-sha512-expand":
                Assert.True(entry.Hex("salt").Length == 0, $"{name}: expand-only has no salt");
                output = Kdf.HkdfExpand(HashAlgorithmName.SHA512, entry.Hex("ikm"), entry.Hex("info"), expected.Length);
                break;
            case var algo:
                var hash = algo switch
                {
                    "hkdf-sha256" => HashAlgorithmName.SHA256,
                    "hkdf-sha384" => HashAlgorithmName.SHA384,
                    "hkdf-sha512" => HashAlgorithmName.SHA512,
                    _ => throw new InvalidOperationException($"{name}: unknown algorithm {algo}"),
                };
                output = P521Suite.Instance.DeriveKey(hash, entry.Hex("ikm"), entry.Hex("salt"), entry.Hex("info"), expected.Length);
                break;
        }

        Assert.True(Convert.ToHexStringLower(expected) == Convert.ToHexStringLower(output), $"{name}: output differs");
    }
}
