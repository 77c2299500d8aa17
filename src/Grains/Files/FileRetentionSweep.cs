using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Grains.Interfaces.Files;
using Wickr.Cluster.Grains.Storage.Blobs;

namespace Wickr.Cluster.Grains.Files;

/// <summary>
/// Deletes files past their retention: every <see cref="FilesOptions.SweepInterval"/> it lists the blob store and
/// asks each expired file's grain to expire (the grain re-checks, releases the quota and clears its state). Every
/// silo sweeps; expiring twice is harmless.
/// </summary>
internal sealed partial class FileRetentionSweep(
    IBlobStore blobs,
    IGrainFactory grains,
    IOptions<FilesOptions> limits,
    [FromKeyedServices(WickrGrains.TimeProviderKey)] TimeProvider time,
    ILogger<FileRetentionSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(limits.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var now = time.GetUtcNow();
                await foreach (var blob in blobs.ListAsync(stoppingToken))
                {
                    if (blob.ExpiresAt <= now)
                    {
                        await grains.GetGrain<IFileGrain>(blob.BlobKey).ExpireAsync();
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next sweep tries again; the silo does not stop because storage hiccupped.
                LogSweepFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The file retention sweep failed; it runs again at the next interval.")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
