using System.Diagnostics;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Grains.Storage.Postgres;

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
    public async Task Wickr_admin_db_migrate_makes_a_database_a_silo_starts_on_and_is_a_no_op_the_second_time()
    {
        var current = PostgresSchema.CurrentVersion;
        Assert.Equal((1, $"schema version 0; this build needs {current}"), await WickrAdminAsync("db", "version", "--connection", connectionString));

        var (code, output) = await WickrAdminAsync("db", "migrate", "--connection", connectionString);
        Assert.True(code == 0, output);
        Assert.Equal($"schema version 0 -> {current}", output);
        Assert.Equal((0, $"schema version {current}: up to date"), await WickrAdminAsync("db", "migrate", "--connection", connectionString));

        await using var silo = await InProcessSilo.StartAsync(Settings());
        Assert.NotNull(silo.BaseAddress);
    }

    [Fact]
    public async Task Wickr_admin_db_migrate_without_a_connection_string_says_which_is_missing()
    {
        var (code, output) = await WickrAdminAsync("db", "migrate");

        Assert.Equal(1, code);
        Assert.Contains("a connection string is required (--connection)", output, StringComparison.Ordinal);
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

    // The built tool, as an operator runs it; stdout and stderr together, trimmed.
    private static async Task<(int Code, string Output)> WickrAdminAsync(params string[] arguments)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tool = Path.Combine(TestRepository.Root, "tools", "WickrAdmin", "bin", output.Parent!.Name, output.Name, "wickr-admin.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(tool);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("Silo__Postgres__ConnectionString");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, ((await stdout) + (await stderr)).Trim());
    }
}
