using Grpc.Health.V1;
using Grpc.Reflection.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;

namespace Wickr.Cluster.Gateway.Tests.Hosting;

[Collection(GatewayCollection.Name)]
public sealed class HealthAndReflectionTests(GatewayFixture fixture)
{
    [Fact]
    public async Task The_health_service_reports_serving_while_the_cluster_answers()
    {
        var health = new Health.HealthClient(fixture.Gateway.Channel);
        var reply = await health.CheckAsync(new HealthCheckRequest { Service = string.Empty });
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Reflection_lists_every_service()
    {
        var reflection = new ServerReflection.ServerReflectionClient(fixture.Gateway.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Contains("wickr.cluster.v1.Auth", services);
        Assert.Contains("wickr.cluster.v1.Accounts", services);
        Assert.Contains("wickr.cluster.v1.EphemeralKeys", services);
        Assert.Contains("wickr.cluster.v1.Messages", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }
}
