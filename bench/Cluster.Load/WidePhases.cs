using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Identity;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Load;

/// <summary>
/// The gateway and silo cost of one group message to 16, 64, 500 and 1,500 recipient nodes (<c>--wide-nodes</c> is the
/// largest): the nodes are devices of users with 50 devices each, the message is split as the client splits it (the
/// fewest packets of at most 500 nodes, each one SendPacket call naming its nodes, sent side by side as the client
/// sends them), and one worker sends message after message so each is measured alone. Against the same run's floor,
/// what the design cannot avoid: per packet one P-521 verify of a packet that size and one durable write of its body
/// (own transaction; stored once for all its mailboxes), and per node one append of a row that names the body (a
/// 32-byte hash in place of the packet) in a transaction shared with the packet's other rows, as the group-commit
/// writer stores them. The gRPC call, the Orleans hops and each row's count on the body come on top.
/// </summary>
internal static class WidePhases
{
    private const int DevicesPerUser = 50;

    // A mailbox row names its packet's body by the body's SHA-256.
    private const int BodyHashBytes = 32;
    private static readonly int[] NodeCounts = [16, 64, 500, 1500];

    public static async Task RunAsync(
        ChannelBase channel, WickrClient sender, Metadata headers, int largest, TimeSpan duration, string databasePath, Func<CpuSample> sampleCpu, CancellationToken cancellationToken)
    {
        var culture = CultureInfo.InvariantCulture;
        var suite = P521Suite.Instance;
        var counts = NodeCounts.Where(n => n <= largest).ToArray();
        var total = counts.Max();
        Console.WriteLine($"wide sends: registering {total} recipient devices ({DevicesPerUser} per user) ...");
        var users = new List<EnrolledUser>();
        var devices = new List<(EnrolledDevice Device, RootIdentity Root)>();
        try
        {
            for (var u = 0; u * DevicesPerUser < total; u++)
            {
                var user = await WickrAccounts.EnrollUserAsync(channel, $"wide-{u}-{Guid.NewGuid():N}", cancellationToken: cancellationToken);
                users.Add(user);
                var count = Math.Min(DevicesPerUser, total - (u * DevicesPerUser));
                var made = await Task.WhenAll(Enumerable.Range(0, count).Select(async d =>
                {
                    var device = user.EnrollDevice(BitConverter.GetBytes((u * DevicesPerUser) + d));
                    await WickrAccounts.RegisterNodeAsync(channel, user, device, cancellationToken: cancellationToken);
                    return (device, user.Root);
                }));
                devices.AddRange(made);
            }
            var messages = new Messages.MessagesClient(channel);
            var body = new PlainMessage(new PacketMetadata(0, 0, new byte[16], 0), new byte[256]);
            Console.WriteLine();
            Console.WriteLine($"{"nodes",6} {"packets",7} {"bytes/pkt",9} {"msgs",5} {"p50 ms",8} {"p99 ms",8}  CPU ms/msg: {"gateway",8} {"silo",8} {"total",8}  floor ms/msg {"floor/CPU",9}  CPU ms/node");
            foreach (var nodes in counts)
            {
                // One real packet per part, encoded to the part's nodes under keys signed by each node.
                var parts = MessageDispatcher.Split(devices.Take(nodes).ToList(), ProtocolLimits.MaxRecipients);
                var requests = new List<SendPacketRequest>();
                foreach (var part in parts)
                {
                    var recipients = new List<(RecipientNode, RootIdentity)>();
                    var pools = new List<EphemeralKeyPool>();
                    foreach (var (device, root) in part)
                    {
                        var pool = new EphemeralKeyPool(suite, device.NodeKey, 1_000_000_000);
                        pools.Add(pool);
                        recipients.Add((new RecipientNode(device.Chain, device.DevId, pool.Generate(1)[0]), root));
                    }
                    var packet = new PacketEncoder(suite).Encode(sender.Device.Sender, recipients, body);
                    pools.ForEach(p => p.Dispose());
                    var request = new SendPacketRequest { Packet = ByteString.CopyFrom(packet) };
                    request.RecipientNodeIdentifiers.AddRange(part.Select(p => ByteString.CopyFrom(p.Device.Chain.Node.Identifier)));
                    requests.Add(request);
                }
                var packetBytes = requests[0].Packet.Length;
                var sequence = 0L;
                var result = await LoadPhase.RunAsync($"wide {nodes}", 1, TimeSpan.FromSeconds(1), duration, async _ =>
                {
                    // The packets side by side, as the client sends them.
                    var id = string.Create(culture, $"wide-{nodes}-{++sequence}");
                    var replies = await Task.WhenAll(requests.Select(request =>
                    {
                        var copy = request.Clone();
                        copy.MessageId = id;
                        return messages.SendPacketAsync(copy, headers, cancellationToken: cancellationToken).ResponseAsync;
                    }));
                    if (replies.SelectMany(r => r.Deliveries).FirstOrDefault(d => d.ErrorCode != 0) is { } refused)
                    {
                        throw new InvalidOperationException($"wide send refused: {refused.ErrorMessage}");
                    }
                    return true;
                }, sampleCpu);
                double verify;
                using (var senderKey = EcPublicKey.Decode(sender.Device.Chain.Node.PublicKey.Encoded))
                {
                    verify = Primitives.VerifyCpuMilliseconds(requests[0].Packet.ToByteArray(), senderKey, TimeSpan.FromSeconds(1));
                }
                var bodyWrite = Primitives.DurableRowCosts(databasePath, packetBytes, TimeSpan.FromSeconds(1)).AppendCpu;
                var rowAppend = Primitives.BatchedAppendCpu(databasePath, BodyHashBytes, Math.Min(nodes, ProtocolLimits.MaxRecipients), TimeSpan.FromSeconds(1));
                var floor = (requests.Count * (verify + bodyWrite)) + (nodes * rowAppend);
                var cpu = result.CpuMilliseconds(result.Cpu.Gateways + result.Cpu.Silos);
                Console.WriteLine(string.Create(culture,
                    $"{nodes,6} {requests.Count,7} {packetBytes,9} {result.Operations,5} {result.P50Milliseconds,8:F1} {result.P99Milliseconds,8:F1}              {result.CpuMilliseconds(result.Cpu.Gateways),8:F2} {result.CpuMilliseconds(result.Cpu.Silos),8:F2} {cpu,8:F2}  {floor,12:F2} {(cpu > 0 ? (floor / cpu).ToString("P0", culture) : ""),9}  {(nodes > 0 ? cpu / nodes : 0),11:F3}"));
            }
            Console.WriteLine("(floor: per packet one P-521 verify and one durable write of its body, per node one append of a row naming it in a transaction of the packet's rows; "
                + "the gRPC call, the Orleans hops and the rows' counts on the body come on top)");
        }
        finally
        {
            foreach (var (device, _) in devices)
            {
                device.Dispose();
            }
            foreach (var user in users)
            {
                user.Dispose();
            }
        }
    }
}
