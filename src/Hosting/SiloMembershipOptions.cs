using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Hosting;

/// <summary>
/// How fast the cluster notices a silo that died without leaving (a SIGKILL, a lost node) and how long a grain call
/// may take: section <c>Silo:Membership</c>, read with the rest of <see cref="SiloOptions"/> by the silo host and by the
/// standalone gateway's Orleans client. The defaults declare a dead silo within about
/// <see cref="ProbeTimeout"/> × <see cref="NumMissedProbesLimit"/> (6 s) plus a membership-table write, so sends to its
/// grains succeed again on the other silos within 10 s of the kill (Orleans' own defaults take about 15 s and more).
/// </summary>
public sealed class SiloMembershipOptions : IValidatableOptions
{
    /// <summary>The configuration section these options are bound from, nested in <see cref="SiloOptions"/>.</summary>
    public const string SectionName = "Silo:Membership";

    /// <summary>Initial timeout of a liveness probe, and the period between probes (Orleans adapts it within ½× to 4×). Default 2 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes after which a silo votes its peer dead. Default 3.</summary>
    public int NumMissedProbesLimit { get; set; } = 3;

    /// <summary>Votes that declare a silo dead (at most the number of silos each one probes, 3). Default 2.</summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>
    /// How long a grain call may wait for its answer, in the silo (silo to silo) and in the gateway (gateway to silo):
    /// a call in flight when a silo is killed fails after this instead of Orleans' 30 s. Default 10 s.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a gateway reads the membership table for the silos it may connect to (a silo added is used after this). Default 10 s.</summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc/>
    public IEnumerable<string> Validate()
    {
        if (ProbeTimeout < TimeSpan.FromMilliseconds(500) || ProbeTimeout > TimeSpan.FromMinutes(1))
        {
            yield return $"{nameof(ProbeTimeout)} must be 500 ms to 1 minute, not {ProbeTimeout}.";
        }

        if (NumMissedProbesLimit is < 1 or > 10)
        {
            yield return $"{nameof(NumMissedProbesLimit)} must be 1 to 10, not {NumMissedProbesLimit}.";
        }

        if (NumVotesForDeathDeclaration is < 1 or > 3)
        {
            yield return $"{nameof(NumVotesForDeathDeclaration)} must be 1 to 3 (each silo probes 3 others), not {NumVotesForDeathDeclaration}.";
        }

        if (ResponseTimeout < TimeSpan.FromSeconds(1) || ResponseTimeout > TimeSpan.FromMinutes(5))
        {
            yield return $"{nameof(ResponseTimeout)} must be 1 s to 5 minutes, not {ResponseTimeout}.";
        }

        if (GatewayListRefreshPeriod < TimeSpan.FromSeconds(1) || GatewayListRefreshPeriod > TimeSpan.FromMinutes(10))
        {
            yield return $"{nameof(GatewayListRefreshPeriod)} must be 1 s to 10 minutes, not {GatewayListRefreshPeriod}.";
        }
    }
}
