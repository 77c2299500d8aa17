using System.Net;
using Wickr.Cluster.Silo.Health;

namespace Wickr.Cluster.Silo.Tests.Hosting;

[Trait("Category", "Slow")]
public sealed class SiloProcessTests
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_built_silo_process_becomes_ready_on_its_defaults_and_stops_cleanly_on_SIGTERM()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "wickr-silo-tests", Guid.NewGuid().ToString("N"));
        try
        {
            // Kestrel binds port 0 and the silo announces the ports it got; Orleans' ports are picked, and picked again
            // should another process take one before the silo binds it.
            await using var silo = await Loopback.WithFreePortsAsync(2, async ports =>
            {
                var process = HostProcess.StartBuilt("Silo", "Wickr.Cluster.Silo.dll", new Dictionary<string, string>
                {
                    ["Silo__DataDirectory"] = dataDirectory,
                    ["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0",
                    ["Silo__SiloPort"] = $"{ports[0]}",
                    ["Silo__GatewayPort"] = $"{ports[1]}",
                    ["Gateway__Urls"] = "http://127.0.0.1:0",
                });
                try
                {
                    await process.AddressesAsync(ReadyTimeout);
                    return process;
                }
                catch
                {
                    await process.DisposeAsync();
                    throw;
                }
            });
            var addresses = await silo.AddressesAsync(ReadyTimeout);
            Assert.True(addresses.Keys.ToHashSet().SetEquals([HostProcess.GatewayUrls, HostProcess.HttpEndpoint]), string.Join(", ", addresses.Keys));
            Assert.All(addresses.Values.SelectMany(urls => urls), url => Assert.NotEqual(0, url.Port));
            using var http = new HttpClient { BaseAddress = addresses[HostProcess.HttpEndpoint][0], Timeout = TimeSpan.FromSeconds(5) };

            var started = DateTime.UtcNow;
            var ready = HttpStatusCode.ServiceUnavailable;
            while (ready != HttpStatusCode.OK)
            {
                Assert.False(silo.HasExited, $"The silo exited early:\n{silo.Output}");
                Assert.True(DateTime.UtcNow - started < ReadyTimeout, $"Not ready within {ReadyTimeout}:\n{silo.Output}");
                await Task.Delay(200);
                ready = await StatusAsync(http, HealthExtensions.ReadyPath);
            }

            Console.WriteLine($"Silo process ready after {(DateTime.UtcNow - started).TotalSeconds:F1} s");
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, HealthExtensions.LivePath));
            Assert.True(File.Exists(Path.Combine(dataDirectory, "wickr.db")));
            // No warning that is not true of this silo: the server-GC notes, the watchdog's "stall" as long as the machine's uptime.
            Assert.DoesNotContain(silo.Lines(), line => line.Contains("ServerGC", StringComparison.Ordinal)
                || line.Contains("Participant check thread", StringComparison.Ordinal));

            Assert.Equal(0, await silo.StopAsync(TimeSpan.FromSeconds(30)));
            Assert.False(File.Exists(silo.AddressesFile), "the addresses file outlived the silo");
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return HttpStatusCode.ServiceUnavailable;
        }
    }
}
