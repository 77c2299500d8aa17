using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Wickr.Cluster.Grains.Files;

/// <summary>
/// Runs on every silo: every <see cref="FilesOptions.SweepInterval"/> it asks the cluster's one retention sweeper
/// (<see cref="IFileRetentionGrain"/>) to sweep. The sweeper sweeps only on the asks of the silo it lives on, so the
/// blob store is listed once per interval however many silos there are; the others' asks cost one cheap grain call each,
/// and when the silo holding the sweeper dies, the next ask activates it on another.
/// </summary>
internal sealed partial class FileRetentionTicker(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IOptions<FilesOptions> limits,
    [FromKeyedServices(WickrGrains.TimeProviderKey)] TimeProvider time,
    ILogger<FileRetentionTicker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(limits.Value.SweepInterval, time);
        var sweeper = grains.GetGrain<IFileRetentionGrain>(0);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await sweeper.SweepAsync(silo.SiloAddress).WaitAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next interval asks again; the silo does not stop because storage or the sweeper's silo hiccupped.
                LogSweepFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The file retention sweep failed; it runs again at the next interval.")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
