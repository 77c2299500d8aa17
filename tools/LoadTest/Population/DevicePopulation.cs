using Grpc.Core;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.LoadTest.Metrics;
using Wickr.Cluster.LoadTest.Scenarios;
using Wickr.Cluster.Protocol.EphemeralKeys;

namespace Wickr.Cluster.LoadTest.Population;

/// <summary>
/// The devices of a run: N recipients that publish pools of K keys (online ones replenish when signalled, after the
/// reaction delay; offline ones never do) and M senders. Each device is its own user, registered through the
/// gateway like any client, with a WickrClient on a measured channel.
/// </summary>
internal sealed class DevicePopulation : IAsyncDisposable
{
    private DevicePopulation(IReadOnlyList<SimulatedDevice> recipients, IReadOnlyList<SimulatedDevice> senders, IReadOnlyList<RoomMember>? members = null)
    {
        Recipients = recipients;
        Senders = senders;
        Members = members ?? [];
    }

    /// <summary>Every device whose pool is tracked (a room's: every device of every member).</summary>
    public IReadOnlyList<SimulatedDevice> Recipients { get; }

    public IReadOnlyList<SimulatedDevice> Senders { get; }

    /// <summary>A room's members (<see cref="OperationKind.Room"/>), each with its devices; empty otherwise.</summary>
    public IReadOnlyList<RoomMember> Members { get; }

    public static async Task<DevicePopulation> CreateAsync(
        Scenario scenario, IReadOnlyList<ChannelBase> channels, RunRecorder recorder, string? registrationToken,
        Action<string> progress, CancellationToken cancellationToken)
    {
        if (scenario.Operation == OperationKind.Room)
        {
            return await CreateRoomAsync(scenario, channels, recorder, registrationToken, progress, cancellationToken);
        }
        var run = Guid.NewGuid().ToString("N")[..10];
        var offline = (int)Math.Round(scenario.Recipients * scenario.OfflineFraction);
        var recipientOptions = new WickrClientOptions
        {
            PoolTargetSize = scenario.PoolSize,
            ReplenishDelay = TimeSpan.FromMilliseconds(scenario.ReactionDelayMs),
        };
        var senderOptions = new WickrClientOptions();
        var recipients = new SimulatedDevice[scenario.Recipients];
        var senders = new SimulatedDevice[scenario.Senders];
        var population = new DevicePopulation(recipients, senders);
        try
        {
            var done = 0;
            // Few at a time: every device signs and uploads its pool, which costs CPU on both sides.
            await Parallel.ForEachAsync(Enumerable.Range(0, scenario.Recipients), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                // The offline ones are spread evenly over the population.
                var online = offline == 0 || (i * offline / scenario.Recipients) == ((i + 1) * offline / scenario.Recipients);
                var device = await RegisterAsync(channels[i % channels.Count], $"load-{run}-recipient-{i}", recorder, registrationToken, recipientOptions, online, recipient: true, ct);
                recipients[i] = device;
                device.Client.PoolLowSignalled += (_, _) => recorder.LowSignal(device.NodeHex);
                device.Client.KeysReplenished += (_, e) => recorder.Replenished(device.NodeHex, e.Published);
                await device.Client.ConnectAsync(ct);
                if (online)
                {
                    device.StartReading(recorder.Ledger);
                }
                else
                {
                    await device.Client.DisconnectAsync();
                }
                progress($"recipients {Interlocked.Increment(ref done)}/{scenario.Recipients} ({scenario.PoolSize} keys each, {offline} offline)");
            });
            done = 0;
            await Parallel.ForEachAsync(Enumerable.Range(0, scenario.Senders), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                senders[i] = await RegisterAsync(channels[i % channels.Count], $"load-{run}-sender-{i}", recorder, registrationToken, senderOptions, online: true, recipient: false, ct);
                // Signs in now (challenge, token), so the run measures claims and sends, not the first sign-in.
                await senders[i].Client.GetPoolStatusAsync(ct);
                progress($"senders {Interlocked.Increment(ref done)}/{scenario.Senders}");
            });
            return population;
        }
        catch
        {
            await population.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A room's members: each its own user with <see cref="Scenario.DevicesPerMember"/> devices that publish pools of K
    /// keys; the offline share is of members (all their devices publish once and go offline), spread evenly.
    /// </summary>
    private static async Task<DevicePopulation> CreateRoomAsync(
        Scenario scenario, IReadOnlyList<ChannelBase> channels, RunRecorder recorder, string? registrationToken,
        Action<string> progress, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var offline = (int)Math.Round(scenario.Recipients * scenario.OfflineFraction);
        var options = new WickrClientOptions
        {
            PoolTargetSize = scenario.PoolSize,
            ReplenishDelay = TimeSpan.FromMilliseconds(scenario.ReactionDelayMs),
        };
        var members = new RoomMember[scenario.Recipients];
        var devices = new SimulatedDevice[scenario.Recipients * scenario.DevicesPerMember];
        var population = new DevicePopulation(devices, [], members);
        try
        {
            var done = 0;
            await Parallel.ForEachAsync(Enumerable.Range(0, scenario.Recipients), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                var online = offline == 0 || (i * offline / scenario.Recipients) == ((i + 1) * offline / scenario.Recipients);
                var channel = channels[i % channels.Count];
                var userName = $"load-{run}-member-{i}";
                var user = await Registration.EnrollUserAsync(channel, userName, registrationToken, options, ct);
                var own = new SimulatedDevice[scenario.DevicesPerMember];
                for (var d = 0; d < own.Length; d++)
                {
                    var device = await RegisterDeviceAsync(channel, user, $"{userName}-{d}", recorder, options, online, recipient: true, ownsUser: d == 0, ct);
                    own[d] = devices[(i * scenario.DevicesPerMember) + d] = device;
                    device.Client.PoolLowSignalled += (_, _) => recorder.LowSignal(device.NodeHex);
                    device.Client.KeysReplenished += (_, e) => recorder.Replenished(device.NodeHex, e.Published);
                    await device.Client.ConnectAsync(ct);
                    if (!online)
                    {
                        await device.Client.DisconnectAsync();
                    }
                }
                members[i] = new RoomMember(userName, own, online);
                progress($"room members {Interlocked.Increment(ref done)}/{scenario.Recipients} ({scenario.DevicesPerMember} devices, {scenario.PoolSize} keys each, {offline} members offline)");
            });
            return population;
        }
        catch
        {
            await population.DisposeAsync();
            throw;
        }
    }

    private static async Task<SimulatedDevice> RegisterAsync(
        ChannelBase channel, string userName, RunRecorder recorder, string? registrationToken, WickrClientOptions options, bool online, bool recipient, CancellationToken cancellationToken)
    {
        var user = await Registration.EnrollUserAsync(channel, userName, registrationToken, options, cancellationToken);
        try
        {
            return await RegisterDeviceAsync(channel, user, userName, recorder, options, online, recipient, ownsUser: true, cancellationToken);
        }
        catch
        {
            user.Dispose();
            throw;
        }
    }

    private static async Task<SimulatedDevice> RegisterDeviceAsync(
        ChannelBase channel, Protocol.Enrollment.EnrolledUser user, string systemId, RunRecorder recorder, WickrClientOptions options, bool online, bool recipient, bool ownsUser,
        CancellationToken cancellationToken)
    {
        var device = user.EnrollDevice(System.Text.Encoding.UTF8.GetBytes(systemId));
        try
        {
            await WickrAccounts.RegisterNodeAsync(channel, user, device, options, cancellationToken);
            var nodeHex = device.Chain.Node.IdentifierHex;
            if (recipient)
            {
                recorder.Pools.Track(nodeHex);
            }
            var measured = new Metrics.MeasuredChannel(channel, new RpcInterceptor(recorder, nodeHex));
            return new SimulatedDevice(user, new WickrClient(measured, device, options, new EphemeralKeyPool(options.Suite, device.NodeKey)), online, ownsUser);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var device in Recipients.Concat(Senders))
        {
            if (device is not null)
            {
                await device.DisposeAsync();
            }
        }
    }
}
