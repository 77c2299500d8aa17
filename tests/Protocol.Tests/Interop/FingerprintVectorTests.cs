using System.Text.Json;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.Protocol.Tests.Interop;

/// <summary>Every fingerprint of the reference vectors, single and bilateral, in every form it shows.</summary>
public sealed class FingerprintVectorTests
{
    public static TheoryData<string> Cases() => [.. Entries().Select(e => e.Name)];

    private static IEnumerable<(string Name, JsonElement Entry)> Entries() => InteropVectors.Section("fingerprints")
        .Select((e, i) => (e.TryGetProperty("bilateral", out _) ? $"{i:00}-bilateral" : $"{i:00}-single", e));

    private static JsonElement Case(string name) => Entries().Single(e => e.Name == name).Entry;

    private static Fingerprint Single(JsonElement entry, string prefix) =>
        Fingerprint.Of(entry.Hex(prefix + "identifier"), EcPublicKey.Decode(entry.Hex(prefix + "pub")));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_the_reference(string name)
    {
        var entry = Case(name);
        if (name.EndsWith("-bilateral", StringComparison.Ordinal))
        {
            var a = Single(entry, "a_");
            var b = Single(entry, "b_");
            var ab = Fingerprint.Bilateral(a, b);
            var ba = Fingerprint.Bilateral(b, a);
            Assert.True(Convert.ToHexStringLower(ab.Value) == entry.Str("bilateral"), $"{name}: bilateral bytes");
            Assert.True(ab.Equals(ba), $"{name}: bilateral depends on the order");
            Assert.True(ab.ToBase32(FingerprintLength.Long) == entry.Str("bilateral_b32_long"), $"{name}: b32 long");
            Assert.True(ab.ToBase32(FingerprintLength.Short) == entry.Str("bilateral_b32_short"), $"{name}: b32 short");
        }
        else
        {
            var fingerprint = Single(entry, string.Empty);
            Assert.True(Convert.ToHexStringLower(fingerprint.Value) == entry.Str("fingerprint"), $"{name}: fingerprint bytes");
            Assert.True(fingerprint.ToHex(FingerprintLength.Long) == entry.Str("hex_long"), $"{name}: hex long");
            Assert.True(fingerprint.ToHex(FingerprintLength.Short) == entry.Str("hex_short"), $"{name}: hex short");
            Assert.True(fingerprint.ToBase32(FingerprintLength.Long) == entry.Str("b32_long"), $"{name}: b32 long");
            Assert.True(fingerprint.ToBase32(FingerprintLength.Short) == entry.Str("b32_short"), $"{name}: b32 short");
        }
    }
}
