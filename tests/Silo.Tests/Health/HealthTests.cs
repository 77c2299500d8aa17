using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Silo.Health;
using Wickr.Cluster.Silo.Hosting;
using Wickr.Cluster.Silo.Tests.Hosting;

namespace Wickr.Cluster.Silo.Tests.Health;

public sealed class HealthTests
{
    [Fact]
    public async Task Liveness_and_readiness_answer_once_the_embedded_silo_is_up_and_readiness_drops_with_its_storage()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "wickr-silo-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using var silo = await InProcessSilo.StartAsync(new Dictionary<string, string?> { ["Silo:DataDirectory"] = dataDirectory });
            using var http = new HttpClient { BaseAddress = silo.BaseAddress };

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(HealthExtensions.LivePath, UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(HealthExtensions.ReadyPath, UriKind.Relative))).StatusCode);

            // Storage gone (the data directory replaced by a file): not ready, still alive.
            Directory.Delete(dataDirectory, recursive: true);
            await File.WriteAllTextAsync(dataDirectory, "not a directory");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri(HealthExtensions.ReadyPath, UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(HealthExtensions.LivePath, UriKind.Relative))).StatusCode);
        }
        finally
        {
            File.Delete(dataDirectory);
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task The_Azure_storage_check_tells_a_live_account_from_an_unreachable_one()
    {
        var live = new AzureStorageHealthCheck(
            new Azure.Data.Tables.TableServiceClient(await Azurite.GetConnectionStringAsync()), "wickrMailbox");
        var closedPort = Loopback.FreePorts(1)[0];
        var unreachable = new AzureStorageHealthCheck(
            new Azure.Data.Tables.TableServiceClient(
                $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=AAAA;TableEndpoint=http://127.0.0.1:{closedPort}/devstoreaccount1;",
                new Azure.Data.Tables.TableClientOptions { Retry = { MaxRetries = 0 } }),
            "wickrMailbox");

        Assert.Equal(HealthStatus.Healthy, (await live.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Equal(HealthStatus.Unhealthy, (await unreachable.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public void Azure_mode_without_a_connection_string_fails_at_start_naming_the_setting()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Silo:Mode"] = "Azure";

        var error = Assert.Throws<InvalidConfigurationException>(() => builder.AddWickrSilo());
        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
    }
}
