using System.Net;
using System.Text.Json;
using Wickr.Cluster.Silo.Health;

namespace Wickr.Cluster.Silo.Tests.Hosting;

/// <summary>
/// Hosting:AddressesFile: a host started on port 0 tells where it listens, in a file that is whole when it appears and
/// gone when the host stops.
/// </summary>
public sealed class AddressesFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wickr-addresses").FullName;

    [Fact]
    public async Task A_silo_on_port_0_writes_the_ports_it_got_and_removes_the_file_at_stop()
    {
        var file = Path.Combine(_folder, "addresses.json");
        await File.WriteAllTextAsync(file, """{ "Kestrel:Endpoints:Http": ["http://127.0.0.1:1"] }""");
        Uri health;
        await using (var silo = await InProcessSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Silo:DataDirectory"] = Path.Combine(_folder, "data"),
            ["Hosting:AddressesFile"] = file,
        }))
        {
            // The file of an earlier run is replaced by this one's: the port Kestrel bound, not 0 and not the stale one.
            using var addresses = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
            health = new Uri(addresses.RootElement.GetProperty("Kestrel:Endpoints:Http")[0].GetString()!);
            Assert.Equal(silo.BaseAddress, health);
            Assert.NotEqual(1, health.Port);
            Assert.NotEqual(0, health.Port);
            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(health, HealthExtensions.LivePath))).StatusCode);
            Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
        }

        Assert.False(File.Exists(file), "the addresses file outlived the silo");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
