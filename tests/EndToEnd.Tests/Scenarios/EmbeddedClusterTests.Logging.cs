using Wickr.Cluster.Testing;

namespace Wickr.Cluster.EndToEnd.Tests.Scenarios;

/// <summary>Log levels as shipped: a gateway logs its start, not every request.</summary>
public sealed partial class EmbeddedClusterTests
{
    [Fact]
    public Task A_gateway_with_no_log_settings_logs_its_start_but_not_each_request() => Run(async w =>
    {
        // The harness quiets every host to warnings; this gateway runs with the levels it ships with.
        var channel = await w.Cluster.StartGatewayAsync(new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = HostProcess.Unset,
            ["Logging__LogLevel__Microsoft.AspNetCore"] = HostProcess.Unset,
        });
        var gateway = w.Cluster.Gateways[^1];
        var alice = await w.UserAsync("quiet-alice", 1, channel: channel);
        var bob = await w.UserAsync("quiet-bob", 1, channel: channel);
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await alice[0].SendAsync(bob.Root, w.Text($"hello {i}"))).AllQueued);
        }

        var log = gateway.ReadLog();
        Assert.Contains("Application started", log, StringComparison.Ordinal);
        foreach (var perRequest in new[] { "Request starting", "Request finished", "Executing endpoint", "Executed endpoint" })
        {
            Assert.DoesNotContain(perRequest, log, StringComparison.Ordinal);
        }
    });
}
