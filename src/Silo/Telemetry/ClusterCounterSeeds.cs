using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.Hosting;
using Wickr.Cluster.Grains;

namespace Wickr.Cluster.Silo.Telemetry;

/// <summary>
/// Adds 0 to every counter of <see cref="ClusterMetrics"/> once telemetry is listening, so each exports a series from
/// the start: rare events (a full mailbox, a rate-limited claim) then show as a rate of 0, not as a missing series
/// that dashboards leave blank and alert rules cannot tell from a broken scrape.
/// </summary>
internal sealed class ClusterCounterSeeds : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var field in typeof(ClusterMetrics).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is Counter<long> counter)
            {
                counter.Add(0);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
