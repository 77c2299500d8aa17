
namespace Wickr.Cluster.Silo.Tests.Hosting;

/// <summary>Everything written through the grains survives stopping the whole cluster and starting a new one.</summary>
public sealed class SiloRestartTests
{
    [Fact]
    public async Task State_survives_a_full_restart_on_the_embedded_store()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "wickr-silo-tests", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Silo:DataDirectory"] = dataDirectory };
        try
        {
            await RestartAndVerifyAsync(settings);
            Assert.True(File.Exists(Path.Combine(dataDirectory, "wickr.db")));
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task State_survives_a_full_restart_on_Azure_storage()
    {
        var name = Azurite.UniquePrefix("restart");
        var settings = new Dictionary<string, string?>
        {
            ["Silo:Mode"] = "Azure",
            ["Silo:ClusterId"] = name,
            ["Silo:ServiceId"] = name,
            ["Silo:AzureStorage:ConnectionString"] = await Azurite.GetConnectionStringAsync(),
            ["Silo:AzureStorage:TablePrefix"] = name,
        };
        var certificates = Path.Combine(Path.GetTempPath(), "wickr-" + name);
        foreach (var (key, value) in SiloCertificates.Create(certificates).Settings())
        {
            settings[key] = value;
        }

        try
        {
            await RestartAndVerifyAsync(settings);
        }
        finally
        {
            Directory.Delete(certificates, recursive: true);
        }
    }

    [Fact]
    public async Task State_survives_a_full_restart_on_PostgreSQL()
    {
        var connectionString = await Postgres.CreateDatabaseAsync("restart");
        var name = Azurite.UniquePrefix("restart");
        var settings = new Dictionary<string, string?>
        {
            ["Silo:Mode"] = "Postgres",
            ["Silo:ClusterId"] = name,
            ["Silo:ServiceId"] = name,
            ["Silo:Postgres:ConnectionString"] = connectionString,
            ["Silo:Postgres:MigrateAtStart"] = "true",
            ["Silo:Tls:Enabled"] = "false",
        };
        try
        {
            await RestartAndVerifyAsync(settings);
        }
        finally
        {
            await Postgres.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task RestartAndVerifyAsync(Dictionary<string, string?> settings)
    {
        var scenario = new ClusterScenario();
        await using (var first = await InProcessSilo.StartAsync(settings))
        {
            await scenario.WriteAsync(first.Grains);
        }

        await using var second = await InProcessSilo.StartAsync(settings);
        await scenario.VerifyAsync(second.Grains);
    }
}
