using System.Net.Http;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Telemetry;

/// <summary>
/// A silo and a standalone gateway with Prometheus on, some real traffic (messages, a drained pool, an unauthorised
/// call), then both scraped: every metric the Grafana dashboard and the alert rules query is there.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PrometheusScrapeTests(PrometheusClusterFixture fixture, ITestOutputHelper output) : IClassFixture<PrometheusClusterFixture>
{
    [Fact]
    public Task Every_metric_the_dashboard_and_alert_rules_query_is_scraped_from_the_silo_or_the_gateway() => fixture.RunAsync(output, async w =>
    {
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 1, options: w.Options(poolTarget: 4));
        await bob[0].DisconnectAsync();
        for (var i = 0; i < 6; i++)
        {
            var sent = await alice[0].SendAsync(bob.Root, w.Text($"metrics {i}"));
            Assert.True(sent.AllQueued, string.Join("; ", sent.Failures));
        }

        await bob[0].ConnectAsync();
        Assert.Equal(6, (await bob[0].TakeAsync(6)).Count);
        var raw = new Raw(w.Cluster.Channel);
        await Assert.ThrowsAsync<RpcException>(() => raw.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), Raw.Bearer("wc1.garbage.garbage")).ResponseAsync);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.True((await http.GetAsync(await fixture.GatewayReadyAsync())).IsSuccessStatusCode);
        var siloScrape = await fixture.SiloScrapeAsync();
        var gatewayScrape = await fixture.GatewayScrapeAsync();

        // The gRPC port, which devices reach, does not serve the scrape path (plaintext HTTP/2 like a gRPC client).
        using var onGrpcPort = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{w.Cluster.Channel.Target}/metrics"))
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.SendAsync(onGrpcPort)).StatusCode);
        var queries = OperatorQueries.All();
        Assert.NotEmpty(queries);
        var missing = new List<string>();
        var scraped = new HashSet<string>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + World.Patience;
        do
        {
            // Histograms and counters recorded a moment ago reach the exporter's next collection.
            scraped = Series(await http.GetStringAsync(siloScrape)).Union(Series(await http.GetStringAsync(gatewayScrape))).ToHashSet(StringComparer.Ordinal);
            missing = [.. queries.SelectMany(q => PromQl.MetricNames(q.Expression).Where(n => !scraped.Contains(n)).Select(n => $"{n} ({q.Source})")).Distinct()];
            if (missing.Count == 0)
            {
                w.Log($"{queries.Count} queries, {queries.SelectMany(q => PromQl.MetricNames(q.Expression)).Distinct().Count()} metrics, all scraped ({scraped.Count} series names in all).");
                return;
            }

            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail("Not scraped from the silo or the gateway:\n" + string.Join("\n", missing)
            + "\nwickr series scraped: " + string.Join(", ", scraped.Where(n => n.StartsWith("wickr_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)));
    });

    private static IEnumerable<string> Series(string exposition) =>
        exposition.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line[..line.IndexOfAny(['{', ' '])]);
}
