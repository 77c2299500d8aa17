using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Silo.Tests.Hosting;

/// <summary>
/// Postgres mode as Program.cs hosts it: the schema checked before the silo starts, migrated on request, and two
/// silos on one database forming one cluster through Orleans' ADO.NET membership.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PostgresModeTests : IAsyncLifetime
{
    private readonly string name = Azurite.UniquePrefix("pg");
    private string connectionString = null!;

    public async Task InitializeAsync() => connectionString = await Postgres.CreateDatabaseAsync("mode");

    public Task DisposeAsync() => Postgres.DropDatabaseAsync(connectionString);

    private Dictionary<string, string?> Settings(bool migrate = false) => new()
    {
        ["Silo:Mode"] = "Postgres",
        ["Silo:ClusterId"] = name,
        ["Silo:ServiceId"] = name,
        ["Silo:Postgres:ConnectionString"] = connectionString,
        ["Silo:Postgres:MigrateAtStart"] = migrate ? "true" : "false",
        ["Silo:Tls:Enabled"] = "false",
    };

    [Fact]
    public async Task A_silo_refuses_an_unmigrated_database_with_one_sentence_naming_the_migrate_command()
    {
        var refused = await Assert.ThrowsAsync<InvalidConfigurationException>(() => InProcessSilo.StartAsync(Settings()));

        Assert.Contains("schema version 0", refused.Message, StringComparison.Ordinal);
        Assert.Contains("wickr-admin db migrate", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(connectionString, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_silos_on_one_database_form_one_cluster_and_serve_each_others_state()
    {
        await using var first = await InProcessSilo.StartAsync(Settings(migrate: true));
        await using var second = await InProcessSilo.StartAsync(Settings());

        var hosts = await first.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(2, hosts.Count);

        // State written through one silo is read through the other, wherever the grains live.
        var scenario = new ClusterScenario();
        await scenario.WriteAsync(first.Grains);
        await scenario.VerifyAsync(second.Grains);
    }
}
