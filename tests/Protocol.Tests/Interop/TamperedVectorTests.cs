using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Protocol.Tests.Interop;

/// <summary>Every tampered packet of the reference vectors is rejected with a typed error, never a payload.</summary>
public sealed class TamperedVectorTests
{
    public static TheoryData<string> Cases() => [.. InteropVectors.Section("tampered").Select(c => c.Str("name"))];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_the_reference_verdict(string name)
    {
        var entry = InteropVectors.Section("tampered").Single(c => c.Str("name") == name);
        var baseCase = InteropVectors.Section("packets").Single(c => c.Str("name") == entry.Str("base"));
        var recipient = baseCase.GetProperty("recipients")[entry.GetProperty("recipient_index").GetInt32()];
        var sender = VectorIdentities.Chain(baseCase.GetProperty("sender"));
        using var pool = VectorIdentities.PoolWith(recipient);
        var verdict = entry.Str("library_result");
        var decoder = new PacketDecoder();

        if (name.EndsWith("variant-empty-body", StringComparison.Ordinal) || name.EndsWith("variant-empty-channel-tag", StringComparison.Ordinal))
        {
            // Valid packets the reference cannot hold in its buffers; we decode them to an empty body / tag.
            var decoded = decoder.Decode(entry.Hex("packet"), sender, VectorIdentities.Local(recipient), pool);
            var empty = name.EndsWith("body", StringComparison.Ordinal) ? decoded.Message.Body : decoded.Message.Metadata.ChannelTag;
            Assert.Empty(empty);
            return;
        }

        if (verdict == "ok")
        {
            var decoded = decoder.Decode(entry.Hex("packet"), sender, VectorIdentities.Local(recipient), pool);
            var expected = VectorIdentities.Expected(baseCase);
            Assert.True(expected.Metadata == decoded.Message.Metadata, name);
            Assert.Equal(expected.Body, decoded.Message.Body);
            return;
        }

        var error = Assert.Throws<WickrException>(() => decoder.Decode(entry.Hex("packet"), sender, VectorIdentities.Local(recipient), pool));
        var allowed = verdict switch
        {
            "signature-invalid" => [WickrError.Signature],
            "parse-failed" => new[] { WickrError.Parse, WickrError.Decrypt }, // the reference reports a header that fails GCM as a parse failure
            "decode-failed" => [WickrError.Decrypt, WickrError.Parse],
            _ => throw new InvalidOperationException($"{name}: unknown verdict {verdict}"),
        };
        Assert.True(allowed.Contains(error.Error), $"{name}: reference says {verdict}, we said {error.Error}: {error.Message}");
        Assert.Equal(1, pool.Count); // nothing was consumed by a rejected packet
    }
}
