using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Hostile;

/// <summary>
/// Garbage on the wire: thousands of mutated and random request bodies, framed correctly as gRPC messages, for every
/// RPC, with and without a token. Every answer is a documented status (never UNKNOWN or INTERNAL), the hosts' logs
/// stay bounded, and a real exchange still works afterwards.
/// </summary>
[Trait("Category", "Slow")]
[Collection(DoorCollection.Name)]
public sealed class MalformedWireTests(DoorClusterFixture fixture, ITestOutputHelper output)
{
    private const int MutationsPerRpc = 190;

    private static readonly StatusCode[] Documented =
    [
        StatusCode.OK, StatusCode.InvalidArgument, StatusCode.Unauthenticated, StatusCode.PermissionDenied,
        StatusCode.NotFound, StatusCode.AlreadyExists, StatusCode.ResourceExhausted, StatusCode.Cancelled,
    ];

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    [Fact]
    public Task Mutated_and_random_request_bodies_get_documented_statuses_and_a_bounded_log() => fixture.RunAsync(output, async w =>
    {
        var mallory = await w.UserAsync("mallory", 1);
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 1);
        var token = Raw.Bearer(await mallory[0].Session.TokenAsync(CancellationToken.None));
        var seeds = Seeds(mallory, alice);
        var invoker = w.Cluster.Channel.CreateCallInvoker();
        var logLines = LineCount(w.Cluster.ReadLogs());
        var random = new Random(12);

        var statuses = new Dictionary<StatusCode, int>();
        var undocumented = new List<string>();
        var calls = 0;
        var malformed = 0;
        foreach (var (service, name, streaming, seed) in seeds)
        {
            var bodies = Enumerable.Range(0, MutationsPerRpc).Select(i => Mutate(seed, random, i)).ToList();
            using var gate = new SemaphoreSlim(16);
            var outcomes = await Task.WhenAll(bodies.Select(async (body, i) =>
            {
                await gate.WaitAsync();
                try
                {
                    return await CallAsync(invoker, service, name, streaming, body, i % 2 == 0 ? token : null);
                }
                finally
                {
                    gate.Release();
                }
            }));
            foreach (var (code, detail) in outcomes)
            {
                calls++;
                malformed += detail.StartsWith("malformed request", StringComparison.Ordinal) ? 1 : 0;
                statuses[code] = statuses.GetValueOrDefault(code) + 1;
                if (!Documented.Contains(code))
                {
                    undocumented.Add($"{service}/{name}: {code} ({detail})");
                }
            }
        }

        var added = LineCount(w.Cluster.ReadLogs()) - logLines;
        w.Log($"{calls} hostile requests over {seeds.Count} RPCs: " + string.Join(", ", statuses.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value}")));
        w.Log($"refused as malformed before any handler: {malformed}");
        w.Log($"log lines written by silo and gateway meanwhile: {added}");
        Assert.True(undocumented.Count == 0, $"{undocumented.Count} undocumented answers:\n" + string.Join("\n", undocumented.Distinct().Take(30)));
        Assert.True(malformed > calls / 4, $"only {malformed} of {calls} refused as malformed");
        Assert.True(added < 50, $"{added} log lines for {calls} hostile requests:\n{string.Join("\n", w.Cluster.ReadLogs().Split('\n').TakeLast(40))}");

        // The victims still talk.
        var hello = w.Text("still serving");
        var sent = await alice[0].SendAsync(bob.Root, hello);
        Assert.True(sent.AllQueued, string.Join("; ", sent.Failures));
        var received = await bob[0].NextAsync();
        Assert.Equal(hello.Body, received.Message.Body);
    });

    [Fact]
    public async Task A_body_that_is_not_protobuf_is_invalid_argument_malformed_request()
    {
        var invoker = fixture.Cluster.Channel.CreateCallInvoker();
        // Field 1, length-delimited, length 100, then 3 bytes: the length runs past the end.
        var (code, detail) = await CallAsync(invoker, "wickr.cluster.v1.Auth", "CreateChallenge", false, [0x0A, 100, 1, 2, 3], null);
        Assert.Equal(StatusCode.InvalidArgument, code);
        Assert.StartsWith("malformed request", detail, StringComparison.Ordinal);
    }

    private static async Task<(StatusCode Code, string Detail)> CallAsync(
        CallInvoker invoker, string service, string name, bool streaming, byte[] body, Metadata? headers)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(streaming ? 2 : 20));
        var options = new CallOptions(headers, cancellationToken: timeout.Token);
        try
        {
            if (streaming)
            {
                var method = new Method<byte[], byte[]>(MethodType.ServerStreaming, service, name, Bytes, Bytes);
                using var call = invoker.AsyncServerStreamingCall(method, null, options, body);
                while (await call.ResponseStream.MoveNext(timeout.Token))
                {
                }
            }
            else
            {
                var method = new Method<byte[], byte[]>(MethodType.Unary, service, name, Bytes, Bytes);
                await invoker.AsyncUnaryCall(method, null, options, body);
            }

            return (StatusCode.OK, string.Empty);
        }
        catch (RpcException ex)
        {
            return (ex.StatusCode, ex.Status.Detail);
        }
    }

    // Every fifth body is random bytes; the others are the seed truncated, with bytes flipped, inserted or a length
    // varint made huge.
    private static byte[] Mutate(byte[] seed, Random random, int i)
    {
        if (i % 5 == 0 || seed.Length == 0)
        {
            var length = random.Next(1, 300);
            return RandomNumberGenerator.GetBytes(length);
        }

        var body = seed.ToList();
        switch (i % 5)
        {
            case 1:
                var keep = random.Next(body.Count);
                body.RemoveRange(keep, body.Count - keep);
                break;
            case 2:
                for (var n = random.Next(1, 6); n > 0; n--)
                {
                    body[random.Next(body.Count)] ^= (byte)random.Next(1, 256);
                }
                break;
            case 3:
                body.InsertRange(random.Next(body.Count), RandomNumberGenerator.GetBytes(random.Next(1, 8)));
                break;
            default:
                var at = random.Next(body.Count);
                body.InsertRange(at, [0x12, 0xFF, 0xFF, 0xFF, 0x7F]);
                break;
        }

        return [.. body];
    }

    private static int LineCount(string log) => log.Count(c => c == '\n');

    // A well-formed request of every RPC (contents plausible, not necessarily accepted), to mutate.
    private static List<(string Service, string Name, bool Streaming, byte[] Seed)> Seeds(Person mallory, Person alice)
    {
        var node = ByteString.CopyFrom(mallory[0].Device.Chain.Node.Identifier);
        var root = ByteString.CopyFrom(mallory.Root);
        var key = ByteString.CopyFrom(mallory.User.Root.PublicKey.Encoded);
        var signature = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(143));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var record = new NodeRecord { NodeIdentifier = node, NodePublicKey = key, NodeSignature = signature, DevId = ByteString.CopyFrom(new byte[32]) };
        var ephemeral = new EphemeralKey { KeyId = 5, PublicKey = key, Signature = signature };
        const string auth = "wickr.cluster.v1.Auth", accounts = "wickr.cluster.v1.Accounts";
        const string keys = "wickr.cluster.v1.EphemeralKeys", messages = "wickr.cluster.v1.Messages";
        return
        [
            (auth, "CreateChallenge", false, new CreateChallengeRequest { NodeIdentifier = ByteString.CopyFrom(alice[0].Device.Chain.Node.Identifier) }.ToByteArray()),
            (auth, "CreateToken", false, new CreateTokenRequest { NodeIdentifier = node, Nonce = ByteString.CopyFrom(new byte[32]), Signature = signature }.ToByteArray()),
            (accounts, "RegisterUser", false, new RegisterUserRequest { RootIdentifier = root, RootPublicKey = key, Signature = signature }.ToByteArray()),
            (accounts, "RegisterNode", false, new RegisterNodeRequest { RootIdentifier = root, Node = record, IssuedAtUnixMs = now, Signature = signature }.ToByteArray()),
            (accounts, "RemoveNode", false, new RemoveNodeRequest { RootIdentifier = root, NodeIdentifier = node, IssuedAtUnixMs = now, Signature = signature }.ToByteArray()),
            (accounts, "GetProfile", false, new GetProfileRequest { RootIdentifier = ByteString.CopyFrom(alice.Root) }.ToByteArray()),
            (accounts, "StoreRecoveryBundle", false, new StoreRecoveryBundleRequest { Bundle = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(200)) }.ToByteArray()),
            (accounts, "FetchRecoveryBundle", false, new FetchRecoveryBundleRequest { RootIdentifier = root }.ToByteArray()),
            (accounts, "GetNetworkPolicy", false, new GetNetworkPolicyRequest().ToByteArray()),
            (keys, "UploadKeys", false, new UploadKeysRequest { NodeIdentifier = node, Keys = { ephemeral, ephemeral } }.ToByteArray()),
            (keys, "SetLastResortKey", false, new SetLastResortKeyRequest { NodeIdentifier = node, Key = ephemeral }.ToByteArray()),
            (keys, "ClaimKeys", false, new ClaimKeysRequest { NodeIdentifiers = { ByteString.CopyFrom(alice[0].Device.Chain.Node.Identifier) } }.ToByteArray()),
            (keys, "GetPoolStatus", false, new GetPoolStatusRequest { NodeIdentifier = node }.ToByteArray()),
            (messages, "SendPacket", false, new SendPacketRequest { MessageId = "m-1", Packet = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(300)), RecipientNodeIdentifiers = { node } }.ToByteArray()),
            (messages, "Subscribe", true, new SubscribeRequest { NodeIdentifier = node, AfterSequence = 3 }.ToByteArray()),
            (messages, "FetchPackets", false, new FetchPacketsRequest { NodeIdentifier = node, AfterSequence = 1, MaxCount = 10 }.ToByteArray()),
            (messages, "Ack", false, new AckRequest { NodeIdentifier = node, Sequences = { 1, 2, 3 } }.ToByteArray()),
        ];
    }
}
