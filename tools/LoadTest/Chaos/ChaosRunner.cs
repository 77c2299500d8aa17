using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.LoadTest.Population;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Testing;

namespace Wickr.Cluster.LoadTest.Chaos;

/// <summary>
/// Does the chaos actions to the local cluster at their times while the load runs (one after the other: an action
/// that is due while the one before still runs, a roll say, starts when it is done), then checks from the clients'
/// side what they cost: acknowledged sends lost, one-time keys handed out twice, streams that did not resume, the
/// error budget spent and the time until operations succeeded again after each action.
/// </summary>
internal sealed class ChaosRunner(LocalCluster cluster, IReadOnlyList<ChaosAction> actions, DeliveryLedger ledger, Action<string> status)
{
    /// <summary>How long a stopped silo may take, as the silo pod's terminationGracePeriodSeconds.</summary>
    public static readonly TimeSpan SiloGrace = TimeSpan.FromSeconds(60);

    /// <summary>How long a stopped gateway may take, as the gateway pod's terminationGracePeriodSeconds.</summary>
    public static readonly TimeSpan GatewayGrace = TimeSpan.FromSeconds(30);

    /// <summary>How long acknowledged deliveries and stream probes may take to arrive after the run.</summary>
    public static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long the load goes on after the last action ended, so its effect is measured.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(10);

    private readonly List<ChaosEvent> _events = [];
    private int _nextGateway;

    /// <summary>True once every action ended at least <see cref="SettleTime"/> ago.</summary>
    public bool Settled
    {
        get
        {
            lock (_events)
            {
                return _events.Count == actions.Count && (_events.Count == 0 || ledger.Now >= _events[^1].EndedSeconds + SettleTime.TotalSeconds);
            }
        }
    }

    /// <summary>Runs every action at its time (seconds on the ledger's clock).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var action in actions)
        {
            var wait = action.AtSeconds - ledger.Now;
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken);
            }
            var started = ledger.Now;
            string detail;
            try
            {
                detail = await DoAsync(action);
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException or ArgumentOutOfRangeException)
            {
                detail = "FAILED: " + ex.Message.Split('\n')[0];
            }
            status($"chaos {action} at {started:0.0} s: {detail}");
            lock (_events)
            {
                _events.Add(new ChaosEvent(action.ToString(), action.AtSeconds, Math.Round(started, 3), Math.Round(ledger.Now, 3), detail));
            }
        }
    }

    /// <summary>
    /// After the run: waits for every acknowledged delivery to arrive, probes every online device's stream with one
    /// more message, and sums it all up.
    /// </summary>
    public async Task<ChaosResult> VerifyAsync(DevicePopulation population, double runEnd, CancellationToken cancellationToken)
    {
        status($"chaos: waiting for {ledger.AcknowledgedCount} acknowledged deliveries to arrive ...");
        var deadline = DateTime.UtcNow + ArrivalTimeout;
        while (ledger.Missing().Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500, cancellationToken);
        }
        var lost = ledger.Missing();

        // Every stream resumed: one probe message to each online device, which only its live stream (or the fetch a
        // reconnecting stream starts with) brings.
        var online = population.Recipients.Where(r => r.Online).ToList();
        status($"chaos: probing the streams of {online.Count} devices ...");
        var sender = population.Senders[0];
        var probes = new List<(string Node, string MessageId)>();
        foreach (var recipient in online)
        {
            try
            {
                var result = await sender.Client.SendAsync([recipient.RootIdentifier], new PlainMessage(new PacketMetadata(0, 0, [], 0), "probe"u8.ToArray()), cancellationToken: cancellationToken);
                probes.AddRange(result.Deliveries.Where(d => d.State is DeliveryState.Queued or DeliveryState.Duplicate).Select(d => (d.NodeIdentifierHex, result.MessageId)));
            }
            catch (WickrClientException)
            {
                // Counted below: this device's probe never arrives.
            }
        }
        deadline = DateTime.UtcNow + ArrivalTimeout;
        while (probes.Any(p => !ledger.HasReceived(p.Node, p.MessageId)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, cancellationToken);
        }
        var resumed = online.Count(r => probes.Any(p => p.Node == r.NodeHex && ledger.HasReceived(p.Node, p.MessageId)));
        var whole = ledger.Window(0, runEnd);
        return new ChaosResult
        {
            Events = Events(runEnd),
            Acknowledged = ledger.AcknowledgedCount,
            Lost = lost.Count,
            LostExamples = [.. lost.Take(3), .. lost.Skip(Math.Max(3, lost.Count - 2))],
            Undecryptable = ledger.RejectedReasons,
            KeysClaimed = ledger.KeysClaimed,
            KeysHandedOutTwice = ledger.KeysHandedOutTwice,
            Streams = online.Count,
            StreamsResumed = resumed,
            Operations = whole.Total,
            FailedOperations = whole.Failed,
        };
    }

    /// <summary>The events, each with the operations that ended from its start until the next one's (or <paramref name="runEnd"/>).</summary>
    public IReadOnlyList<ChaosEvent> Events(double runEnd)
    {
        List<ChaosEvent> events;
        lock (_events)
        {
            events = [.. _events];
        }
        return [.. events.Select((e, i) =>
        {
            var until = i + 1 < events.Count ? events[i + 1].StartedSeconds : Math.Max(runEnd, e.EndedSeconds);
            var (total, failed, last) = ledger.Window(e.StartedSeconds, until);
            return e with
            {
                Operations = total,
                FailedOperations = failed,
                SendsSucceedAgainAfterSeconds = last is { } end ? Math.Round(end - e.StartedSeconds, 3) : 0,
            };
        })];
    }

    private async Task<string> DoAsync(ChaosAction action)
    {
        switch (action.Kind)
        {
            case ChaosKind.KillSilo:
            {
                var silo = await cluster.KillSiloAsync(0);
                return $"{silo.Name} killed (SIGKILL), {cluster.Silos.Count} silos left";
            }
            case ChaosKind.StopSilo:
            {
                var silo = cluster.Silos[0];
                var began = ledger.Now;
                var exit = await cluster.StopSiloAsync(0, SiloGrace);
                return $"{silo.Name} stopped (SIGTERM): exit {exit} after {ledger.Now - began:0.0} s, {cluster.Silos.Count} silos left";
            }
            case ChaosKind.Roll:
            {
                var steps = new List<string>();
                var began = ledger.Now;
                await cluster.RollSilosAsync(ClusterBuildOutput.Current, SiloGrace, step =>
                {
                    steps.Add(step);
                    status("chaos roll: " + step);
                });
                return $"rolled in {ledger.Now - began:0.0} s: " + string.Join("; ", steps);
            }
            case ChaosKind.KillGateway:
            case ChaosKind.StopGateway:
            {
                var index = _nextGateway++ % cluster.Gateways.Count;
                var old = cluster.Gateways[index];
                var graceful = action.Kind == ChaosKind.StopGateway;
                var began = ledger.Now;
                var replacement = await cluster.RestartGatewayAsync(index, graceful, GatewayGrace);
                return $"{old.Name} {(graceful ? "stopped (SIGTERM)" : "killed (SIGKILL)")}, {replacement.Name} serving on {replacement.Address} after {ledger.Now - began:0.0} s";
            }
            case ChaosKind.ReplaceGateway:
            {
                var index = _nextGateway++ % cluster.Gateways.Count;
                var old = cluster.Gateways[index];
                var began = ledger.Now;
                var replacement = await cluster.RestartGatewayAsync(index, graceful: true, GatewayGrace, ClusterBuildOutput.Current);
                return $"{replacement.Name} ({replacement.Build.Name}) replaced {old.Name} ({old.Build.Name}, exit {old.Host.ExitCode}), serving on {replacement.Address} after {ledger.Now - began:0.0} s";
            }
            case ChaosKind.AddSilo:
            {
                var began = ledger.Now;
                var silo = await cluster.AddSiloAsync(ClusterBuildOutput.Current);
                return $"{silo.Name} joined after {ledger.Now - began:0.0} s, {cluster.Silos.Count} silos";
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action.Kind, "unknown chaos action");
        }
    }
}
