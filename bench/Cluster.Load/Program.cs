using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Crypto;
using Wickr.Cluster.ClientLib.Packets;
using Wickr.Cluster.ClientLib.Pools;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Wickr.Cluster.Load;
using Wickr.Cluster.Protocol.V1;

// Load run: a real silo and a real standalone gateway as processes on loopback (the end-to-end harness), then
// SendPacket and ClaimKeys from concurrent workers through the gateway, and in the same run a plain gRPC echo of
// the same request size against an in-process Kestrel server. Prints the rates and their ratios, then stops.
var options = LoadOptions.Parse(args);
var culture = CultureInfo.InvariantCulture;
Console.WriteLine($"Wickr.Cluster load run: {options.Workers} workers, {options.Seconds} s per phase after {options.WarmUpSeconds} s warm-up, "
    + $"{options.BodyBytes}-byte bodies, {options.KeysPerPool} keys per pool, {Environment.ProcessorCount} cores");

var limits = new Dictionary<string, string>
{
    ["Grains__EphemeralKeyPool__MaxKeys"] = "1000000",
    ["Grains__EphemeralKeyPool__LowWaterMark"] = "0",
    ["Grains__EphemeralKeyPool__ClaimBurst"] = "100000000",
    ["Grains__EphemeralKeyPool__ClaimRefillInterval"] = "00:00:00.001",
    ["Grains__Mailbox__MaxQueuedPackets"] = "10000000",
    ["Grains__Mailbox__MaxQueuedBytes"] = "100000000000",

    // The load run measures throughput, not the abuse limits: no ceiling, one sender may fill a mailbox, no send budget.
    ["Grains__EphemeralKeyPool__PoolClaimBurst"] = "100000000",
    ["Grains__EphemeralKeyPool__PoolClaimRefillInterval"] = "00:00:00.001",
    ["Grains__Mailbox__MaxSenderShare"] = "1",
    ["Grains__Sender__NodeDeliveryBurst"] = "100000000",
    ["Grains__Sender__NodeDeliveriesPerSecond"] = "100000000",
    ["Grains__Sender__NodeByteBurst"] = "1000000000000",
    ["Grains__Sender__NodeBytesPerSecond"] = "1000000000000",
    ["Grains__Sender__UserDeliveryBurst"] = "100000000",
    ["Grains__Sender__UserDeliveriesPerSecond"] = "100000000",
    ["Grains__Sender__UserByteBurst"] = "1000000000000",
    ["Grains__Sender__UserBytesPerSecond"] = "1000000000000",
};
Console.WriteLine("starting silo and gateway processes ...");
await using var cluster = await TestCluster.StartAsync(new ClusterSettings { Silo = limits });
var channel = cluster.Channel;
var suite = P521Suite.Instance;

// Senders and recipients: one device each per worker, registered through the gateway like any client.
using var senderUser = await WickrAccounts.EnrollUserAsync(channel, "load-sender-" + Guid.NewGuid());
using var recipientUser = await WickrAccounts.EnrollUserAsync(channel, "load-recipient-" + Guid.NewGuid());
var senders = new List<WickrClient>();
var recipients = new List<WickrClient>();
for (var i = 0; i < options.Workers; i++)
{
    senders.Add(await WickrAccounts.RegisterDeviceAsync(channel, senderUser, BitConverter.GetBytes(i)));
    recipients.Add(await WickrAccounts.RegisterDeviceAsync(channel, recipientUser, BitConverter.GetBytes(1000 + i)));
}
var senderTokens = await Task.WhenAll(senders.Select(async s => new Metadata { { "authorization", "Bearer " + await s.Session.TokenAsync(CancellationToken.None) } }));
var recipientTokens = await Task.WhenAll(recipients.Select(async r => new Metadata { { "authorization", "Bearer " + await r.Session.TokenAsync(CancellationToken.None) } }));

// One real packet per sender, to its recipient; the gateway checks its signature on every send.
var body = new byte[options.BodyBytes];
System.Security.Cryptography.RandomNumberGenerator.Fill(body);
var requests = new SendPacketRequest[options.Workers];
for (var i = 0; i < options.Workers; i++)
{
    using var keys = new EphemeralKeyPool(suite, recipients[i].Device.NodeKey, 1_000_000_000);
    var recipient = new RecipientNode(recipients[i].Device.Chain, recipients[i].Device.DevId, keys.Generate(1)[0]);
    var packet = new PacketEncoder(suite).Encode(senders[i].Device.Sender, [(recipient, recipientUser.Root)], new PlainMessage(new PacketMetadata(0, 0, [], 0), body));
    requests[i] = new SendPacketRequest { Packet = ByteString.CopyFrom(packet), RecipientNodeIdentifiers = { ByteString.CopyFrom(recipients[i].Device.Chain.Node.Identifier) } };
}

// Pools: one signed key uploaded under many ids (a real device would sign each of its own; the gateway verifies each all the same).
Console.WriteLine($"filling {options.Workers} pools with {options.KeysPerPool} keys each ...");
var fill = System.Diagnostics.Stopwatch.StartNew();
var keysClient = new EphemeralKeys.EphemeralKeysClient(channel);
await Task.WhenAll(Enumerable.Range(0, options.Workers).Select(async i =>
{
    using var key = suite.GenerateKeyPair();
    var signature = ByteString.CopyFrom(suite.Sign(recipients[i].Device.NodeKey, key.PublicKey.Encoded));
    var publicKey = ByteString.CopyFrom(key.PublicKey.Encoded);
    for (var first = 1; first <= options.KeysPerPool; first += 100)
    {
        var upload = new UploadKeysRequest();
        for (var id = first; id < first + 100 && id <= options.KeysPerPool; id++)
        {
            upload.Keys.Add(new EphemeralKey { KeyId = (ulong)id, PublicKey = publicKey, Signature = signature });
        }
        await keysClient.UploadKeysAsync(upload, recipientTokens[i]);
    }
}));
Console.WriteLine($"  {options.Workers * options.KeysPerPool / fill.Elapsed.TotalSeconds:F0} keys/s uploaded (each signature verified at the door)");

await using var echoServer = await EchoServer.StartAsync();
using var echoChannel = GrpcChannel.ForAddress(echoServer.Address, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } });
var echo = new Wickr.Cluster.Load.Echo.Echo.EchoClient(echoChannel);
var sendSize = requests[0].CalculateSize() + 24;
var echoPayload = new Wickr.Cluster.Load.Echo.EchoMessage { Payload = ByteString.CopyFrom(new byte[sendSize]) };
var messages = new Messages.MessagesClient(channel);
var warmUp = TimeSpan.FromSeconds(options.WarmUpSeconds);
var duration = TimeSpan.FromSeconds(options.Seconds);

Console.WriteLine($"echo ({echoPayload.CalculateSize()} bytes each way) ...");
var echoResult = await LoadPhase.RunAsync("echo", options.Workers, warmUp, duration, async _ =>
{
    await echo.EchoAsync(echoPayload);
    return true;
});

Console.WriteLine($"SendPacket ({sendSize} bytes, 1 recipient) ...");
var sequence = new long[options.Workers];
var sendResult = await LoadPhase.RunAsync("SendPacket", options.Workers, warmUp, duration, async worker =>
{
    var request = requests[worker].Clone();
    request.MessageId = string.Create(culture, $"w{worker}-{++sequence[worker]}");
    var reply = await messages.SendPacketAsync(request, senderTokens[worker]);
    var delivery = reply.Deliveries.Single();
    return delivery.ErrorCode == 0 ? true : throw new InvalidOperationException($"send refused: {delivery.ErrorMessage}");
});

Console.WriteLine("ClaimKeys (1 node, until the pools run dry) ...");
// A short warm-up only: every claim used up there is a key less to measure with.
var claimResult = await LoadPhase.RunAsync("ClaimKeys", options.Workers, TimeSpan.FromMilliseconds(300), duration, async worker =>
{
    var request = new ClaimKeysRequest { NodeIdentifiers = { ByteString.CopyFrom(recipients[worker].Device.Chain.Node.Identifier) } };
    var claimed = (await keysClient.ClaimKeysAsync(request, senderTokens[worker])).Keys.Single();
    return claimed.Key is not null && !claimed.LastResort
        || (claimed.ErrorCode == (int)StatusCode.NotFound ? false : throw new InvalidOperationException($"claim refused: {claimed.ErrorMessage}"));
});

Console.WriteLine();
Console.WriteLine($"{"phase",-12} {"ops",8} {"seconds",8} {"ops/s",9} {"p50 ms",8} {"p99 ms",8} {"vs echo",8}");
foreach (var result in new[] { echoResult, sendResult, claimResult })
{
    Console.WriteLine(string.Create(culture,
        $"{result.Name,-12} {result.Operations,8} {result.Seconds,8:F1} {result.PerSecond,9:F0} {result.P50Milliseconds,8:F2} {result.P99Milliseconds,8:F2} {result.PerSecond / echoResult.PerSecond,8:P1}"));
}
Console.WriteLine(string.Create(culture, $"sends/s : echo/s = 1 : {echoResult.PerSecond / sendResult.PerSecond:F1}; claims/s : echo/s = 1 : {echoResult.PerSecond / claimResult.PerSecond:F1}"));
if (claimResult.Seconds < options.Seconds)
{
    Console.WriteLine(string.Create(culture, $"(the pools ran dry after {claimResult.Seconds:F1} s; claims/s is over that time)"));
}

foreach (var client in senders.Concat(recipients))
{
    await client.DisposeAsync();
}
