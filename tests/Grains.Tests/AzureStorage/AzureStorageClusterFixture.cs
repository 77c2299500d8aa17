using Wickr.Cluster.Grains.Hosting;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.AzureStorage;

/// <summary>
/// The cluster backend: both silos keep grain state, mailboxes and key pools in Azure Storage (the Azurite
/// emulator), in tables prefixed with this fixture's unique <see cref="ClusterFixture.Name"/>.
/// </summary>
public sealed class AzureStorageClusterFixture : ClusterFixture
{
    private string connectionString = null!;

    /// <inheritdoc/>
    protected override async Task StartBackendAsync() => connectionString = await Azurite.GetConnectionStringAsync();

    /// <inheritdoc/>
    protected override void ConfigureStorage(ISiloBuilder silo) =>
        silo.AddWickrAzureStorage(connectionString, options => options.TablePrefix = Name);
}
