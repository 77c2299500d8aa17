using System.Security.Cryptography;
using Grpc.Health.V1;
using Orleans.TestingHost;
using Wickr.Cluster.Gateway.Tests.Fixtures;

namespace Wickr.Cluster.Gateway.Tests.Hosting;

public sealed class HealthWithoutClusterTests
{
    [Fact]
    public async Task The_health_service_reports_not_serving_once_the_silos_are_gone()
    {
        var builder = new InProcessTestClusterBuilder(1);
        var name = $"hc{Guid.NewGuid():N}"[..12];
        builder.Options.ServiceId = name;
        builder.Options.ClusterId = name;
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        await using var gateway = await GatewayHost.StartAsync(
            cluster.Client, TimeProvider.System, GatewayHost.Settings(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        var health = new Health.HealthClient(gateway.Channel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);

        foreach (var silo in cluster.Silos.ToList())
        {
            await cluster.StopSiloAsync(silo);
        }

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest())).Status);
    }
}
