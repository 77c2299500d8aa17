using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace Wickr.Cluster.Silo.Telemetry;

/// <summary>
/// The cluster's membership as this silo sees it: how many silos are active, and how often that set changes (a silo
/// joining, leaving or being voted dead). An operator alerts on changes that are not a rollout.
/// </summary>
internal sealed class MembershipMetrics : BackgroundService
{
    /// <summary>The meter name, for OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "Wickr.Cluster.Membership";

    private readonly IClusterMembershipService _membership;
    private readonly Counter<long> _changes;
    private int _active;

    public MembershipMetrics(IClusterMembershipService membership, IMeterFactory meterFactory)
    {
        _membership = membership;
        var meter = meterFactory.Create(MeterName);
        _changes = meter.CreateCounter<long>("wickr.silo.membership.changes", "{change}", "Changes of the set of active silos, as this silo saw them.");
        meter.CreateObservableGauge("wickr.silo.membership.active", () => Volatile.Read(ref _active), "{silo}", "Silos active in the cluster, as this silo sees them.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Present from the start (telemetry listens by now), so a scrape shows a rate of 0 before the first change.
        _changes.Add(0);
        HashSet<SiloAddress>? last = null;
        try
        {
            await foreach (var snapshot in _membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var active = snapshot.Members.Values
                    .Where(member => member.Status == SiloStatus.Active)
                    .Select(member => member.SiloAddress)
                    .ToHashSet();
                if (last is not null && !active.SetEquals(last))
                {
                    _changes.Add(1);
                }

                last = active;
                Volatile.Write(ref _active, active.Count);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
