using System.Text.RegularExpressions;

namespace Wickr.Cluster.Silo.Tests.Hosting;

/// <summary>
/// The README's cluster-mode command, as a newcomer copies it: its Silo__* variables start the built silo process in
/// Azure mode until it is ready. Only what a test must change is changed: the emulator's address (the tests' Azurite
/// runs on free ports, not Azurite's defaults, so UseDevelopmentStorage=true becomes its connection string), a table
/// prefix of the test's own, and free ports.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class ReadmeClusterModeTests
{
    [Fact]
    public async Task The_readme_cluster_mode_command_starts_a_ready_silo()
    {
        var readme = File.ReadAllText(Path.Combine(TestRepository.Root, "README.md"));
        var command = ClusterCommand().Match(readme);
        Assert.True(command.Success, "README.md has no Silo__Mode=Azure … dotnet run --project src/Silo command");
        var settings = Assignment().Matches(command.Value.Replace("\\\n", " ", StringComparison.Ordinal))
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
        Assert.Equal("Azure", settings["Silo__Mode"]);
        Assert.Equal("UseDevelopmentStorage=true", settings["Silo__AzureStorage__ConnectionString"]);
        settings["Silo__AzureStorage__ConnectionString"] = await Azurite.GetConnectionStringAsync();
        settings["Silo__AzureStorage__TablePrefix"] = Azurite.UniquePrefix("readme");
        settings["Silo__ClusterId"] = Azurite.UniquePrefix("readme");
        settings["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0";
        settings["Gateway__Urls"] = "http://127.0.0.1:0";

        await using var silo = await Loopback.WithFreePortsAsync(2, async ports =>
        {
            settings["Silo__SiloPort"] = $"{ports[0]}";
            settings["Silo__GatewayPort"] = $"{ports[1]}";
            var process = HostProcess.StartBuilt("Silo", "Wickr.Cluster.Silo.dll", settings);
            try
            {
                await process.AddressesAsync(TimeSpan.FromSeconds(90));
                return process;
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        });
        var addresses = await silo.AddressesAsync(TimeSpan.FromSeconds(90));
        using var http = new HttpClient { BaseAddress = addresses[HostProcess.HttpEndpoint][0], Timeout = TimeSpan.FromSeconds(5) };
        await silo.WaitUntilAsync(async () => (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(90), "ready");
        Assert.DoesNotContain(silo.Lines(), line => line.StartsWith("Invalid configuration", StringComparison.Ordinal));
    }

    // From "Silo__Mode=Azure" to the end of the "dotnet run --project src/Silo" line, continuation lines included.
    [GeneratedRegex(@"Silo__Mode=Azure[^\n]*(?:\\\n[^\n]*)*dotnet run --project src/Silo")]
    private static partial Regex ClusterCommand();

    [GeneratedRegex(@"(?<name>Silo__\w+)=(?<value>\S+)")]
    private static partial Regex Assignment();
}
