using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Load;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Packets;

// Load run: a real silo and a real standalone gateway as processes on loopback (the end-to-end harness), then
// SendPacket and ClaimKeys from concurrent workers through the gateway. In the same run it measures what those
// cannot avoid — a plain gRPC echo of the same size, one P-521 packet verify, one Orleans call between two processes,
// one durable append and delete on the silo's database file — and prints the limit that follows for sends and
// claims, each phase as a share of it, CPU ms per operation per process (from /proc) and p50/p99/p999.
var options = LoadOptions.Parse(args);
var culture = CultureInfo.InvariantCulture;
Console.WriteLine($"Wickr.Cluster load run: {options.Workers} workers, {options.Seconds} s per phase after {options.WarmUpSeconds} s warm-up, "
    + $"{options.BodyBytes}-byte bodies, {options.KeysPerPool} keys per pool, {Environment.ProcessorCount} cores"
    + (options.Rate > 0 ? $", {options.Rate} operations/s offered per phase" : ", as fast as the workers go"));

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
    ["Grains__EphemeralKeyPool__ClaimerShare"] = "1000",
    ["Grains__EphemeralKeyPool__ClaimerShareWindow"] = "00:00:00.001",
    ["Grains__EphemeralKeyPool__PoolShare"] = "1000",
    ["Grains__EphemeralKeyPool__PoolShareWindow"] = "00:00:00.001",
    ["Grains__Mailbox__MaxSenderShare"] = "1",
    ["Grains__Mailbox__QuotaBytesPerUser"] = "1000000000000",
    ["Grains__Sender__NodeDeliveryBurst"] = "100000000",
    ["Grains__Sender__NodeDeliveriesPerSecond"] = "100000000",
    ["Grains__Sender__NodeByteBurst"] = "1000000000000",
    ["Grains__Sender__NodeBytesPerSecond"] = "1000000000000",
    ["Grains__Sender__UserDeliveryBurst"] = "100000000",
    ["Grains__Sender__UserDeliveriesPerSecond"] = "100000000",
    ["Grains__Sender__UserByteBurst"] = "1000000000000",
    ["Grains__Sender__UserBytesPerSecond"] = "1000000000000",
};
var siloSettings = new Dictionary<string, string>(limits);
var gatewaySettings = new Dictionary<string, string>();
foreach (var (name, value) in options.SiloEnvironment)
{
    siloSettings[name] = value;
    Console.WriteLine($"  silo runs with {name}={value}");
}
foreach (var (name, value) in options.GatewayEnvironment)
{
    gatewaySettings[name] = value;
    Console.WriteLine($"  gateway runs with {name}={value}");
}
if (options.AzureSilos > 0 && options.PostgresSilos > 0)
{
    throw new ArgumentException("--azure-silos and --postgres-silos exclude each other.");
}
var azure = options.AzureSilos > 0 ? await Wickr.Cluster.Testing.Azurite.GetConnectionStringAsync() : null;

// Postgres mode: a database of the run's own (dropped at the end) on the test-started server, or on the server of
// WICKR_POSTGRES_CONNECTION_STRING (a superuser's connection string: a quiet, dedicated server for figures).
var postgres = options.PostgresSilos > 0 ? await Wickr.Cluster.Testing.Postgres.CreateDatabaseAsync("load") : null;
await using var scratch = new ScratchDatabase(postgres); // declared before the cluster: disposed after it
if (azure is not null)
{
    // Cluster mode as deployed: the Orleans ports over mutual TLS, silos and gateway holding the cluster's certificate.
    foreach (var (name, value) in Wickr.Cluster.Testing.SiloCertificates.CreateTemporary().Settings("__"))
    {
        siloSettings[name] = value;
        gatewaySettings[name] = value;
    }
}
Console.WriteLine(azure is not null ? $"starting {options.AzureSilos} silos on Azurite and a gateway ..."
    : postgres is not null ? $"starting {options.PostgresSilos} silos on PostgreSQL and a gateway ..." : "starting silo and gateway processes ...");
await using var cluster = await TestCluster.StartAsync(new ClusterSettings
{
    AzureConnectionString = azure, PostgresConnectionString = postgres, Silo = siloSettings, Gateway = gatewaySettings,
});
var extraSilos = new List<Wickr.Cluster.Testing.HostProcess>();
for (var number = 2; number <= options.AzureSilos; number++)
{
    extraSilos.Add(await ExtraSilo.StartAsync(cluster, number, azure!, siloSettings));
}
for (var number = 2; number <= options.PostgresSilos; number++)
{
    extraSilos.Add(await ExtraSilo.StartPostgresAsync(cluster, number, postgres!, siloSettings));
}
// More gateways against the same silos (same token secret): worker w goes through gateway w mod N.
var channels = new List<GrpcChannel> { cluster.Channel };
for (var number = 2; number <= options.Gateways; number++)
{
    channels.Add(await cluster.StartGatewayAsync(new Dictionary<string, string>()));
}
var siloPids = ProcessCpu.Descendants("Wickr.Cluster.Silo.dll");
var gatewayPids = ProcessCpu.Descendants("Wickr.Cluster.Gateway.dll");
Console.WriteLine($"  silo pid {string.Join(",", siloPids)}, gateway pid {string.Join(",", gatewayPids)}");
CpuSample SampleCpu() => CpuSample.Take(gatewayPids, siloPids);
var channel = cluster.Channel;
var suite = P521Suite.Instance;

// Senders: one user with one device per worker, as many users would send at once (one user's devices would all go
// through that user's one sender grain). Recipients: one user with a device per worker. Registered like any client.
var senderUsers = new List<EnrolledUser>();
using var recipientUser = await WickrAccounts.EnrollUserAsync(channel, "load-recipient-" + Guid.NewGuid());
var senders = new List<WickrClient>();
var recipients = new List<WickrClient>();
for (var i = 0; i < options.Workers; i++)
{
    senderUsers.Add(await WickrAccounts.EnrollUserAsync(channel, $"load-sender-{i}-{Guid.NewGuid()}"));
    senders.Add(await WickrAccounts.RegisterDeviceAsync(channel, senderUsers[i], BitConverter.GetBytes(i)));
    recipients.Add(await WickrAccounts.RegisterDeviceAsync(channel, recipientUser, BitConverter.GetBytes(1000 + i)));
}
var senderTokens = await Task.WhenAll(senders.Select(async s => AuthSession.Headers(await s.Session.TokenAsync(CancellationToken.None))));
var recipientTokens = await Task.WhenAll(recipients.Select(async r => AuthSession.Headers(await r.Session.TokenAsync(CancellationToken.None))));

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
// Each worker on its own HTTP/2 connection, as each device has its own (worker w through gateway w mod N).
var workerChannels = Enumerable.Range(0, options.Workers)
    .Select(w => GrpcChannel.ForAddress("http://" + channels[w % channels.Count].Target, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler() }))
    .ToArray();
var keysClients = workerChannels.Select(c => new EphemeralKeys.EphemeralKeysClient(c)).ToArray();
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
        await keysClients[i].UploadKeysAsync(upload, recipientTokens[i]);
    }
}));
Console.WriteLine($"  {options.Workers * options.KeysPerPool / fill.Elapsed.TotalSeconds:F0} keys/s uploaded (each signature verified at the door)");

await using var echoServer = await EchoServer.StartAsync();
var echoChannels = Enumerable.Range(0, options.Workers)
    .Select(_ => GrpcChannel.ForAddress(echoServer.Address, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler() }))
    .ToArray();
var echoClients = echoChannels.Select(c => new Wickr.Cluster.Load.Echo.Echo.EchoClient(c)).ToArray();
var sendSize = requests[0].CalculateSize() + 24;
var echoPayload = new Wickr.Cluster.Load.Echo.EchoMessage { Payload = ByteString.CopyFrom(new byte[sendSize]) };
var messageClients = workerChannels.Select(c => new Messages.MessagesClient(c)).ToArray();
var warmUp = TimeSpan.FromSeconds(options.WarmUpSeconds);
var duration = TimeSpan.FromSeconds(options.Seconds);

// What a send and a claim cannot avoid, each measured alone (CPU ms per operation over all processes involved), once
// before the phases and once after them: the shared box's speed drifts by several per cent over a run.
async Task<PrimitiveCosts> MeasurePrimitivesAsync(string when)
{
    Console.WriteLine($"primitives ({when}): P-521 packet verify, Orleans call, durable append and delete ...");
    double verifyCpu;
    using (var senderKey = EcPublicKey.Decode(senders[0].Device.Chain.Node.PublicKey.Encoded))
    {
        verifyCpu = Primitives.VerifyCpuMilliseconds(requests[0].Packet.ToByteArray(), senderKey, TimeSpan.FromSeconds(2));
    }
    // The probe is a plain localhost client: in Azure mode the silos take TLS clients only, and there is no limit anyway.
    var grainCallCpu = double.NaN;
    if (azure is null)
    {
        // The silo's Orleans gateway port, as the harness told it to the gateway process.
        await using var probe = await OrleansProbe.ConnectAsync(cluster.SiloGatewayPort, cluster.ServiceId);
        grainCallCpu = await Primitives.GrainCallCpuMilliseconds(probe.Client, recipients[0].Device.Chain.Node.Identifier, options.Workers, TimeSpan.FromSeconds(3), siloPids);
    }
    if (postgres is not null)
    {
        // One round trip, and one committed insert and delete, on the cluster's own database.
        var pg = await PostgresPrimitives.MeasureAsync(postgres, sendSize, TimeSpan.FromSeconds(2));
        return new PrimitiveCosts(verifyCpu, grainCallCpu, pg.AppendCpu, pg.AppendWall, pg.DeleteCpu, pg.DeleteWall, pg.RoundTripCpu, pg.RoundTripWall);
    }

    // Azure mode stores in Azurite, not in a local file: no durable-row primitive there, so no limit either.
    var rows = azure is null ? Primitives.DurableRowCosts(Path.Combine(cluster.DataDirectory, "wickr.db"), sendSize, TimeSpan.FromSeconds(2)) : (AppendCpu: double.NaN, AppendWall: double.NaN, DeleteCpu: double.NaN, DeleteWall: double.NaN);
    return new PrimitiveCosts(verifyCpu, grainCallCpu, rows.AppendCpu, rows.AppendWall, rows.DeleteCpu, rows.DeleteWall);
}
var primitivesBefore = await MeasurePrimitivesAsync("before the phases");

// As long as a phase: storage polling and membership work come in bursts seconds apart.
var idle = await IdleCpu.MeasureAsync(SampleCpu, duration);

Console.WriteLine($"echo ({echoPayload.CalculateSize()} bytes each way) ...");
var echoResult = await LoadPhase.RunAsync("echo", options.Workers, warmUp, duration, async worker =>
{
    await echoClients[worker].EchoAsync(echoPayload);
    return true;
}, SampleCpu, options.Rate);
var echoCpu = echoResult.CpuMilliseconds(echoResult.Cpu.Bench);

Console.WriteLine($"SendPacket ({sendSize} bytes, 1 recipient) ...");
var sequence = new long[options.Workers];
var sendResult = await LoadPhase.RunAsync("SendPacket", options.Workers, warmUp, duration, async worker =>
{
    var request = requests[worker].Clone();
    request.MessageId = string.Create(culture, $"w{worker}-{++sequence[worker]}");
    var reply = await messageClients[worker].SendPacketAsync(request, senderTokens[worker]);
    var delivery = reply.Deliveries.Single();
    return delivery.ErrorCode == 0 ? true : throw new InvalidOperationException($"send refused: {delivery.ErrorMessage}");
}, SampleCpu, options.Rate);

Console.WriteLine("ClaimKeys (1 node, until the pools run dry) ...");
// A short warm-up only: every claim used up there is a key less to measure with.
var claimResult = await LoadPhase.RunAsync("ClaimKeys", options.Workers, TimeSpan.FromMilliseconds(options.ClaimWarmUpMilliseconds), duration, async worker =>
{
    var request = new ClaimKeysRequest { NodeIdentifiers = { ByteString.CopyFrom(recipients[worker].Device.Chain.Node.Identifier) } };
    var claimed = (await keysClients[worker].ClaimKeysAsync(request, senderTokens[worker])).Keys.Single();
    return claimed.Key is not null && !claimed.LastResort
        || (claimed.ErrorCode == (int)StatusCode.NotFound ? false : throw new InvalidOperationException($"claim refused: {claimed.ErrorMessage}"));
}, SampleCpu, options.Rate);

var primitivesAfter = await MeasurePrimitivesAsync("after the phases");
var primitives = PrimitiveCosts.Mean(primitivesBefore, primitivesAfter);

// The limit: all cores busy with nothing but what an operation cannot avoid.
var cores = Environment.ProcessorCount;
var sendFloor = echoCpu + primitives.Verify + primitives.GrainCall + primitives.AppendCpu;
var claimFloor = echoCpu + primitives.GrainCall + primitives.DeleteCpu;
var sendLimit = cores * 1000 / sendFloor;
var claimLimit = cores * 1000 / claimFloor;

Console.WriteLine();
Console.WriteLine("primitive                                  CPU ms/op:  before   after    mean");
void PrintPrimitive(string name, Func<PrimitiveCosts, double> cost, string note = "") =>
    Console.WriteLine(string.Create(culture, $"{name,-43}{"",10}{cost(primitivesBefore),7:F3} {cost(primitivesAfter),7:F3} {cost(primitives),7:F3}{note}"));
Console.WriteLine(string.Create(culture, $"gRPC echo (client and server)              {"",10}{"",7} {"",7} {echoCpu,7:F3}   (a phase of its own)"));
PrintPrimitive("P-521 packet verify", p => p.Verify);
PrintPrimitive("Orleans call (client and silo)", p => p.GrainCall);
if (postgres is not null)
{
    PrintPrimitive("PostgreSQL round trip (SELECT 1)", p => p.RoundTripCpu, string.Create(culture, $"   ({primitives.RoundTripWall:F2} ms wall each)"));
}
PrintPrimitive(postgres is null ? "durable append (own transaction)" : "committed insert (own transaction)", p => p.AppendCpu, string.Create(culture, $"   ({primitives.AppendWall:F2} ms wall each)"));
PrintPrimitive(postgres is null ? "durable delete (own transaction)" : "committed delete (own transaction)", p => p.DeleteCpu, string.Create(culture, $"   ({primitives.DeleteWall:F2} ms wall each)"));
Console.WriteLine(azure is null
    ? string.Create(culture, $"limit on {cores} cores: sends {sendLimit:F0}/s (1 : {sendFloor:F3} ms), claims {claimLimit:F0}/s (1 : {claimFloor:F3} ms)")
    : $"no limit on Azure Storage ({options.AzureSilos} silos): compare CPU ms/op across silo counts");
Console.WriteLine();
// "% limit" assumes every core is ours; "floor/CPU" is the floor over what an operation actually cost, which holds
// however many other processes share the box ("cores" is how much CPU the run got during the phase).
Console.WriteLine($"{"phase",-11} {"ops",7} {"ops/s",8} {"% limit",8} {"floor/CPU",9} {"cores",5} {"p50 ms",7} {"p99 ms",7} {"p999 ms",8}  CPU ms/op: {"load",6} {"gateway",7} {"silo",6} {"total",6}");
foreach (var (result, limit, floor) in new[] { (echoResult, double.NaN, echoCpu), (sendResult, sendLimit, sendFloor), (claimResult, claimLimit, claimFloor) })
{
    var share = double.IsNaN(limit) ? "" : (result.PerSecond / limit).ToString("P0", culture);
    var total = result.CpuMilliseconds(result.Cpu.Total);
    var efficiency = total > 0 && !double.IsNaN(floor) ? (floor / total).ToString("P0", culture) : "";
    Console.WriteLine(string.Create(culture,
        $"{result.Name,-11} {result.Operations,7} {result.PerSecond,8:F0} {share,8} {efficiency,9} {result.Cpu.Total.TotalSeconds / result.Seconds,5:F2} {result.P50Milliseconds,7:F2} {result.P99Milliseconds,7:F2} {result.P999Milliseconds,8:F2}             {result.CpuMilliseconds(result.Cpu.Bench),6:F3} {result.CpuMilliseconds(result.Cpu.Gateways),7:F3} {result.CpuMilliseconds(result.Cpu.Silos),6:F3} {total,6:F3}"));
}
Console.WriteLine();
Console.WriteLine(idle);
Console.WriteLine($"{"phase",-11} CPU ms/op above idle: {"load",6} {"gateway",7} {"silo",6} {"total",6}");
foreach (var result in new[] { sendResult, claimResult })
{
    // The CPU window is the measured part of the phase: from the warm-up's end until the last worker stopped.
    var window = TimeSpan.FromSeconds(Math.Min(duration.TotalSeconds, result.Seconds));
    var load = IdleCpu.Above(result, result.Cpu.Bench, idle.BenchPerSecond, window);
    var gateway = IdleCpu.Above(result, result.Cpu.Gateways, idle.GatewaysPerSecond, window);
    var silo = IdleCpu.Above(result, result.Cpu.Silos, idle.SilosPerSecond, window);
    Console.WriteLine(string.Create(culture, $"{result.Name,-11}                       {load,6:F3} {gateway,7:F3} {silo,6:F3} {load + gateway + silo,6:F3}"));
}
if (claimResult.Seconds < options.Seconds)
{
    Console.WriteLine(string.Create(culture, $"(the pools ran dry after {claimResult.Seconds:F1} s; claims/s is over that time)"));
}
Console.WriteLine(azure is not null || options.Rate > 0 ? "(the targets are for closed-loop runs on embedded storage)" : string.Create(culture,
    $"targets at {options.Workers} workers: sends >= 70 % of limit: {(sendResult.PerSecond >= 0.7 * sendLimit ? "met" : "NOT met")}; claims >= 60 %: {(claimResult.PerSecond >= 0.6 * claimLimit ? "met" : "NOT met")}; "
    + $"p99 <= 25 ms: sends {(sendResult.P99Milliseconds <= 25 ? "met" : "NOT met")}, claims {(claimResult.P99Milliseconds <= 25 ? "met" : "NOT met")}"));
if (options.WideNodes > 0)
{
    // Embedded storage only: the floor needs the silo's database file.
    await WidePhases.RunAsync(channel, senders[0], senderTokens[0], options.WideNodes, duration,
        azure is null ? Path.Combine(cluster.DataDirectory, "wickr.db") : Path.Combine(Path.GetTempPath(), $"wide-floor-{Guid.NewGuid():N}.db"), SampleCpu, CancellationToken.None);
}
Console.WriteLine(string.Create(culture, $"load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}"));

foreach (var workerChannel in workerChannels.Concat(echoChannels))
{
    workerChannel.Dispose();
}
foreach (var client in senders.Concat(recipients))
{
    await client.DisposeAsync();
}
foreach (var user in senderUsers)
{
    user.Dispose();
}
foreach (var silo in extraSilos)
{
    await silo.DisposeAsync();
}
