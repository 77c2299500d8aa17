using System.Net;
using Wickr.Cluster.Silo.Health;

namespace Wickr.Cluster.Silo.Tests.Hosting;

public sealed class SiloProcessTests
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_built_silo_process_becomes_ready_on_its_defaults_and_stops_cleanly_on_SIGTERM()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "wickr-silo-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var ports = Loopback.FreePorts(4);
            await using var silo = HostProcess.StartBuilt("Silo", "Wickr.Cluster.Silo.dll", new Dictionary<string, string>
            {
                ["Silo__DataDirectory"] = dataDirectory,
                ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{ports[0]}",
                ["Silo__SiloPort"] = $"{ports[1]}",
                ["Silo__GatewayPort"] = $"{ports[2]}",
                ["Gateway__Urls"] = $"http://127.0.0.1:{ports[3]}",
            });
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}"), Timeout = TimeSpan.FromSeconds(5) };

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

            Assert.Equal(0, await silo.StopAsync(TimeSpan.FromSeconds(30)));
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
