using Microsoft.Extensions.DependencyInjection;
using Wickr.Cluster.Grains.Interfaces.Files;
using Wickr.Cluster.Grains.Storage.Blobs;

namespace Wickr.Cluster.Grains.Files;

/// <inheritdoc cref="IFileRetentionGrain"/>
/// <remarks>
/// Holds nothing durable. Each file grain re-checks its own expiry, releases the quota and clears its state, so a blob
/// listed twice (two activations for a moment during a fail-over) is expired once.
/// </remarks>
[GrainType("wickr-file-retention")]
internal sealed class FileRetentionGrain(
    IBlobStore blobs,
    ILocalSiloDetails silo,
    [FromKeyedServices(WickrGrains.TimeProviderKey)] TimeProvider time) : Grain, IFileRetentionGrain
{
    private bool _sweeping;

    public async Task<bool> SweepAsync(SiloAddress asker)
    {
        // The host's own ticker paces the sweeps: once per interval, however many silos ask.
        if (_sweeping || !silo.SiloAddress.Equals(asker))
        {
            return false;
        }

        _sweeping = true;
        try
        {
            var now = time.GetUtcNow();
            await foreach (var blob in blobs.ListAsync())
            {
                if (blob.ExpiresAt <= now)
                {
                    await GrainFactory.GetGrain<IFileGrain>(blob.BlobKey).ExpireAsync();
                }
            }
        }
        finally
        {
            _sweeping = false;
        }

        return true;
    }
}
