extern alias gateway;

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using gateway::Wickr.Cluster.Gateway.Metrics;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;

namespace Wickr.Cluster.Gateway.Tests.Metrics;

[Collection(GatewayCollection.Name)]
public sealed class GatewayMetricsTests(GatewayFixture fixture)
{
    private static readonly HashSet<string> AllowedTags = ["rpc.method", "rpc.grpc.status_code", "reason", "path"];

    [Fact]
    public async Task Calls_and_auth_failures_are_counted_by_method_status_and_reason_never_by_identifier()
    {
        var measurements = new ConcurrentBag<(string Instrument, long Value, Dictionary<string, string?> Tags)>();
        var factory = fixture.Gateway.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GatewayMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString()))));
        listener.Start();

        var device = await fixture.Clients.NewDeviceAsync();
        await fixture.Clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers);
        await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), new Metadata { { "authorization", "Bearer nonsense" } }));
        listener.Dispose();

        Assert.Contains(measurements, m => m.Instrument == "wickr.gateway.calls"
            && m.Tags["rpc.method"] == "/wickr.cluster.v1.EphemeralKeys/GetPoolStatus" && m.Tags["rpc.grpc.status_code"] == "OK");
        Assert.Contains(measurements, m => m.Instrument == "wickr.gateway.calls"
            && m.Tags["rpc.method"] == "/wickr.cluster.v1.EphemeralKeys/GetPoolStatus" && m.Tags["rpc.grpc.status_code"] == "Unauthenticated");
        Assert.Contains(measurements, m => m.Instrument == "wickr.gateway.calls"
            && m.Tags["rpc.method"] == "/wickr.cluster.v1.Auth/CreateToken" && m.Tags["rpc.grpc.status_code"] == "OK");
        Assert.Contains(measurements, m => m.Instrument == "wickr.gateway.auth.failures" && m.Tags["reason"] == "malformed");

        var identifiers = new[] { device.NodeIdentifier, device.User.RootIdentifier }
            .SelectMany(id => new[] { Convert.ToHexStringLower(id), Convert.ToBase64String(id) })
            .ToList();
        Assert.All(measurements, m =>
        {
            Assert.All(m.Tags.Keys, key => Assert.Contains(key, AllowedTags));
            Assert.All(m.Tags.Values, value => Assert.DoesNotContain(identifiers, id => value?.Contains(id, StringComparison.Ordinal) == true));
        });
    }
}
