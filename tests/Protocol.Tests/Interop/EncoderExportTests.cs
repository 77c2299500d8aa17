using System.Security.Cryptography;
using System.Text.Json;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Testing.Protocol;
using Xunit.Abstractions;

namespace Wickr.Cluster.Protocol.Tests.Interop;

/// <summary>
/// Writes packets our encoder made, in the vectors' <c>packets</c> format with the recipients' private ephemeral
/// keys, so another implementation can decode them: to WICKR_EXPORT_VECTORS when set (CI then runs
/// the independent decoder check-packets.py on it), to a temporary file otherwise. Either way the file is read back
/// through the same path the reference vectors take.
/// </summary>
public sealed class EncoderExportTests(ITestOutputHelper output)
{
    // (recipient users, devices each, body size, ttl, bor, tag size, content type): the reference cannot hold an
    // empty body or an empty tag, so every exported packet has both.
    private static readonly (int Users, int Devices, int Body, ulong Ttl, ulong Bor, int Tag, ushort ContentType)[] Shapes =
    [
        (2, 1, 1, 0, 0, 1, 0),
        (1, 2, 181, 64_000, 3_600, 63, 1),
        (2, 2, 1_000, 1, 1, 32, 3_000),
        (3, 2, 16_384, 604_800, 86_400, 200, 65_535),
        (2, 4, 70_000, uint.MaxValue, (ulong)uint.MaxValue + 1, 128, 12_345),
        (4, 4, 250_000, 30, 0, 16, 2),
    ];

    [Fact]
    public void Exports_encoder_packets_in_the_vectors_format_and_reads_them_back()
    {
        var path = Environment.GetEnvironmentVariable("WICKR_EXPORT_VECTORS");
        var temporary = string.IsNullOrEmpty(path);
        path = temporary ? System.IO.Path.GetTempFileName() : path;
        try
        {
            var cases = Shapes.Select((shape, i) => MakeCase(shape, i)).ToList();
            using (var stream = File.Create(path!))
            {
                JsonSerializer.Serialize(stream, new Dictionary<string, object>
                {
                    ["format"] = "wickr-interop-vectors/1",
                    ["generator"] = "Wickr.Cluster.ClientLib",
                    ["packets"] = cases,
                });
            }

            output.WriteLine($"wrote {cases.Count} packets to {path}");
            var reread = JsonDocument.Parse(File.ReadAllBytes(path!)).RootElement.GetProperty("packets").EnumerateArray().ToList();
            Assert.Equal(cases.Count, reread.Count);
            foreach (var testCase in reread)
            {
                var sender = VectorIdentities.Chain(testCase.GetProperty("sender"));
                var expected = VectorIdentities.Expected(testCase);
                foreach (var recipient in testCase.GetProperty("recipients").EnumerateArray())
                {
                    using var pool = VectorIdentities.PoolWith(recipient);
                    var decoded = new PacketDecoder().Decode(testCase.Hex("packet"), sender, VectorIdentities.Local(recipient), pool);
                    Assert.True(expected.Metadata == decoded.Message.Metadata, testCase.Str("name"));
                    Assert.Equal(expected.Body, decoded.Message.Body);
                }
            }
        }
        finally
        {
            if (temporary)
            {
                File.Delete(path!);
            }
        }
    }

    private static Dictionary<string, object> MakeCase((int Users, int Devices, int Body, ulong Ttl, ulong Bor, int Tag, ushort ContentType) shape, int index)
    {
        var users = Enumerable.Range(0, shape.Users).Select(_ => new TestUser(shape.Devices)).ToList();
        try
        {
            var sender = users[0].Devices[0];
            var targets = users.SelectMany(u => u.Devices).Where(d => d != sender).ToList();
            var recipients = targets.Select(t => t.ClaimRecipient()).ToList();
            var message = new PlainMessage(new PacketMetadata(shape.Ttl, shape.Bor, RandomNumberGenerator.GetBytes(shape.Tag), shape.ContentType), RandomNumberGenerator.GetBytes(shape.Body));
            var packet = new PacketEncoder().Encode(sender.AsSender, recipients, message);
            return new Dictionary<string, object>
            {
                ["name"] = $"cluster-v4-{targets.Count}recipients-body{shape.Body}-ttl{shape.Ttl}-bor{shape.Bor}-tag{shape.Tag}-ct{shape.ContentType}-{index:00}",
                ["version"] = (int)PacketVersion.V4,
                ["packet"] = Hex(packet),
                ["sender"] = new Dictionary<string, string>
                {
                    ["root_id"] = Hex(sender.Chain.Root.Identifier),
                    ["root_pub"] = Hex(sender.Chain.Root.PublicKey.ToArray()),
                    ["node_id"] = Hex(sender.Chain.Node.Identifier),
                    ["node_pub"] = Hex(sender.Chain.Node.PublicKey.ToArray()),
                    ["node_sig"] = Hex(sender.Chain.Node.RootSignature),
                    ["dev_id"] = Hex(sender.DevId),
                    ["id_chain"] = Hex(sender.Chain.Encode()),
                },
                ["recipients"] = targets.Zip(recipients).Select(pair => new Dictionary<string, object>
                {
                    ["dev_id"] = Hex(pair.First.DevId),
                    ["root_id"] = Hex(pair.First.Chain.Root.Identifier),
                    ["root_pub"] = Hex(pair.First.Chain.Root.PublicKey.ToArray()),
                    ["node_id"] = Hex(pair.First.Chain.Node.Identifier),
                    ["node_pub"] = Hex(pair.First.Chain.Node.PublicKey.ToArray()),
                    ["node_sig"] = Hex(pair.First.Chain.Node.RootSignature),
                    ["eph_key_id"] = pair.Second.Node.EphemeralKey.KeyId,
                    ["eph_pub"] = Hex(pair.Second.Node.EphemeralKey.PublicKey.ToArray()),
                    ["eph_sig"] = Hex(pair.Second.Node.EphemeralKey.NodeSignature),
                    ["eph_private_der"] = Hex(pair.First.Pool.Find(pair.Second.Node.EphemeralKey.KeyId)!.ExportDer()),
                }).ToList(),
                ["expected"] = new Dictionary<string, object>
                {
                    ["body"] = Hex(message.Body),
                    ["ttl"] = shape.Ttl,
                    ["bor"] = shape.Bor,
                    ["channel_tag"] = Hex(message.Metadata.ChannelTag),
                    ["content_type"] = (int)shape.ContentType,
                },
            };
        }
        finally
        {
            users.ForEach(u => u.Dispose());
        }
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
