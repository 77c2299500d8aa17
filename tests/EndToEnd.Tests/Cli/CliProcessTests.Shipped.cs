using Microsoft.Data.Sqlite;
using Wickr.Cluster.ClientLib.Storage;

namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>The shipped <c>wickr</c> binary has no test hooks: the variables that once tuned it change nothing.</summary>
public sealed partial class CliProcessTests
{
    [Fact]
    public async Task The_shipped_binary_takes_no_scrypt_cost_pool_size_or_fault_pause_from_the_environment()
    {
        var (_, bobName, _) = await InitAsync("bob");
        var name = Unique("shipped");
        var shipped = new WickrCli(Server, Path.Combine(_root, "shipped"), "the shipped binary's long passphrase", shipped: true);
        var hooks = new Dictionary<string, string>
        {
            ["WICKR_KDF_LOG2N"] = "10",
            ["WICKR_POOL_SIZE"] = "3",
            ["WICKR_FAULT_PAUSE"] = "queued",
        };

        var init = await shipped.RunWithAsync(hooks, "init", name, "--json");
        Assert.True(init.ExitCode == 0, init.ToString());
        // The passphrase wraps the store's key at the reference's cost (byte 1 of the wrapped key is log2 N).
        using (var db = new SqliteConnection($"Data Source={shipped.StorePath};Mode=ReadOnly;Pooling=False"))
        {
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = "SELECT value FROM header WHERE name = 'klds'";
            Assert.Equal(StoreKeyWrap.DefaultLog2N, ((byte[])command.ExecuteScalar()!)[1]);
        }

        // A send goes through instead of stopping at an outbox step.
        var sent = await shipped.RunWithAsync(hooks, "send", bobName, "no pause here");
        Assert.True(sent.ExitCode == 0, sent.ToString());
        Assert.DoesNotContain("paused", sent.Stderr, StringComparison.Ordinal);

        var status = await shipped.RunWithAsync(hooks, "status", "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal(new StoredDeviceOptions().PoolTargetSize, status.Json.GetProperty("pool_published").GetInt32());
    }
}
