using System.Text.Json.Serialization;
using Wickr.Cluster.ClientLib.Client;

namespace Wickr.Cluster.LoadTest.Scenarios;

/// <summary>
/// One load run: the device population (N recipients with pools of K keys and low-water mark L, an offline fraction
/// that never replenishes, a reaction delay for the rest; M senders) and the open-loop schedule (a rate, a ramp to
/// another rate, a burst), bounded by a duration and a request count. Also the shape of a scenario JSON file.
/// </summary>
internal sealed record Scenario
{
    /// <summary>Name shown in the report.</summary>
    public string Name { get; init; } = "custom";

    /// <summary>N: recipient devices, one user each.</summary>
    public int Recipients { get; init; } = 20;

    /// <summary>K: one-time keys each recipient device keeps published (WickrClientOptions.PoolTargetSize, the same default).</summary>
    public int PoolSize { get; init; } = WickrClientOptions.DefaultPoolTargetSize;

    /// <summary>L: the pool's low-water mark. Applied to an embedded silo; a remote cluster uses its own setting.</summary>
    public int LowWaterMark { get; init; } = 100;

    /// <summary>How long an online device waits after a "pool low" signal before it replenishes.</summary>
    public double ReactionDelayMs { get; init; }

    /// <summary>Share of recipient devices (0-1) that publish their pool once, then stay offline and never replenish.</summary>
    public double OfflineFraction { get; init; }

    /// <summary>Devices of each member of a room (<see cref="OperationKind.Room"/>); other operations have one device per user.</summary>
    public int DevicesPerMember { get; init; } = 1;

    /// <summary>M: sending devices, one user each.</summary>
    public int Senders { get; init; } = 40;

    /// <summary>What an operation does: a real send, or a claim without a send.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<OperationKind>))]
    public OperationKind Operation { get; init; } = OperationKind.Send;

    /// <summary>Recipient users per operation (a group message claims one key per device of each).</summary>
    public int FanOut { get; init; } = 1;

    /// <summary>Operations per second at the start.</summary>
    public double Rate { get; init; } = 50;

    /// <summary>When set, the rate grows linearly from <see cref="Rate"/> to this by the end of the run.</summary>
    public double? RampTo { get; init; }

    /// <summary>When set, a stretch at another rate.</summary>
    public Burst? Burst { get; init; }

    /// <summary>How long operations are issued.</summary>
    public double DurationSeconds { get; init; } = 60;

    /// <summary>Most operations issued (scheduled ones that were dropped count too).</summary>
    public long MaxRequests { get; init; } = 1_000_000;

    /// <summary>Most operations in flight; a scheduled operation beyond this is dropped and counted, never delayed.</summary>
    public int MaxInFlight { get; init; } = 256;

    /// <summary>Packet body size of a send.</summary>
    public int BodyBytes { get; init; } = 256;

    /// <summary>Seed of the choice of sender and recipients, so two runs ask the same.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Extra configuration for an embedded silo (e.g. <c>Grains:EphemeralKeyPool:ClaimBurst</c>); ignored for a remote cluster.</summary>
    public Dictionary<string, string> SiloSettings { get; init; } = [];

    /// <summary>Chaos actions against a local cluster, e.g. <c>kill-silo@20s</c>, <c>roll@40s</c> (see <see cref="LoadTest.Chaos.ChaosKind"/>).</summary>
    public IReadOnlyList<string> Chaos { get; init; } = [];

    /// <summary>Every problem that makes the scenario unusable, each naming its field.</summary>
    public IEnumerable<string> Problems()
    {
        if (Recipients < 1) yield return "recipients must be at least 1";
        if (PoolSize < 1) yield return "poolSize must be at least 1";
        if (LowWaterMark < 0) yield return "lowWaterMark must not be negative";
        if (ReactionDelayMs < 0) yield return "reactionDelayMs must not be negative";
        if (OfflineFraction is < 0 or > 1 || double.IsNaN(OfflineFraction)) yield return "offlineFraction must be between 0 and 1";
        if (Senders < 1 && Operation != OperationKind.Room) yield return "senders must be at least 1";
        if (FanOut < 1 || FanOut > Recipients) yield return "fanOut must be between 1 and recipients";
        if (DevicesPerMember < 1 || DevicesPerMember > Protocol.ProtocolLimits.MaxNodes) yield return $"devicesPerMember must be between 1 and {Protocol.ProtocolLimits.MaxNodes}";
        if (Operation == OperationKind.Room && (Recipients < ClientLib.Groups.GroupState.MinMembers || Recipients > ClientLib.Groups.GroupState.MaxMembers))
        {
            yield return $"recipients (the room's members) must be between {ClientLib.Groups.GroupState.MinMembers} and {ClientLib.Groups.GroupState.MaxMembers}";
        }
        if (Operation == OperationKind.Room && OfflineFraction >= 1) yield return "offlineFraction must leave a member online to send";
        if (Rate < 0 || double.IsNaN(Rate) || (RampTo is { } r && (r < 0 || double.IsNaN(r)))) yield return "rate and rampTo must not be negative";
        if (Rate == 0 && RampTo is null or 0 && Burst is null) yield return "rate, rampTo or burst must schedule something";
        if (Burst is { } b && (b.AtSeconds < 0 || b.Seconds <= 0 || b.Rate < 0)) yield return "burst needs atSeconds >= 0, seconds > 0, rate >= 0";
        if (DurationSeconds <= 0 || DurationSeconds > 7 * 24 * 3600) yield return "durationSeconds must be positive and at most a week";
        if (MaxRequests < 1) yield return "maxRequests must be at least 1";
        if (MaxInFlight < 1) yield return "maxInFlight must be at least 1";
        if (BodyBytes < 0 || BodyBytes > 200 * 1024) yield return "bodyBytes must be between 0 and 200 KiB";
        foreach (var problem in LoadTest.Chaos.ChaosAction.Parse(Chaos).Problems)
        {
            yield return problem;
        }
    }
}
