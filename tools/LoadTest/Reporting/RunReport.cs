using Wickr.Cluster.LoadTest.Metrics;
using Wickr.Cluster.LoadTest.Scenarios;

namespace Wickr.Cluster.LoadTest.Reporting;

/// <summary>Everything a run found, as written to report.json.</summary>
internal sealed record RunReport
{
    public required Scenario Scenario { get; init; }

    public required string Target { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>From the first due operation until the last one ended.</summary>
    public required double Seconds { get; init; }

    public required OperationTotals Operations { get; init; }

    public required ClaimTotals Claims { get; init; }

    /// <summary>Sends that queued the packet for at least one node.</summary>
    public required long Sends { get; init; }

    /// <summary>Packets queued, one per recipient node.</summary>
    public required long Deliveries { get; init; }

    public double ClaimsPerSecond => Seconds <= 0 ? 0 : Math.Round(Claims.Requested / Seconds, 2);

    public double SendsPerSecond => Seconds <= 0 ? 0 : Math.Round(Sends / Seconds, 2);

    /// <summary>Scheduled → first claim answer, scheduled → send done, scheduled → operation done.</summary>
    public required IReadOnlyDictionary<string, LatencySummary> Latency { get; init; }

    /// <summary>Per gRPC method, from the call's start.</summary>
    public required IReadOnlyDictionary<string, LatencySummary> Rpc { get; init; }

    /// <summary>Per gRPC method: answers by status.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> RpcStatuses { get; init; }

    /// <summary>Failures by where and status; the run never stops for one.</summary>
    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    public required ReplenishTotals Replenishment { get; init; }

    /// <summary>Pool levels at the end of the run.</summary>
    public required PoolLevels PoolsAtEnd { get; init; }

    /// <summary>The lowest pool level seen in any second.</summary>
    public required int LowestPoolLevel { get; init; }

    public LastResortOnset? LastResortOnset { get; init; }

    public required IReadOnlyList<SecondSample> PerSecond { get; init; }

    public IReadOnlyList<SloResult> Slos { get; init; } = [];

    /// <summary>A chaos run's actions and checks; null without <c>--chaos</c>.</summary>
    public Chaos.ChaosResult? Chaos { get; init; }

    /// <summary>Files written next to report.json.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
}
