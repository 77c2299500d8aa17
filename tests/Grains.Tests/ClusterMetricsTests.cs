using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests;

public abstract class ClusterMetricsTests<TFixture>(TFixture fixture)
    where TFixture : ClusterFixture
{
    [Fact]
    public async Task The_cluster_counts_packets_claims_and_signals_without_any_identifier_attribute()
    {
        var measurements = new ConcurrentQueue<(string Name, long Value, int Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ClusterMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, tags.Length)));
        listener.Start();

        var node = await RegisteredNode.CreateAsync(fixture.Client);
        for (var i = 0; i < 3; i++)
        {
            await node.NodeGrain.EnqueueAsync($"m{i}", TestData.Packet());
        }

        var queued = await node.NodeGrain.ReadAsync(0, 10);
        await node.NodeGrain.AckAsync([queued[0].Sequence, queued[1].Sequence]);
        fixture.Time.Advance(TestLimits.Retention + TimeSpan.FromMinutes(1));
        Assert.Empty(await node.NodeGrain.ReadAsync(0, 10));

        await node.Pool.UploadAsync(TestData.EphemeralKeys(1, 2));
        await node.Pool.SetLastResortKeyAsync(TestData.EphemeralKey(3));
        var claimer = TestData.NodeId();
        for (var i = 0; i < 3; i++)
        {
            await node.Pool.ClaimAsync(claimer);
        }

        listener.RecordObservableInstruments();
        long Sum(string name) => measurements.Where(m => m.Name == name).Sum(m => m.Value);

        // Other test classes run at the same time and count too: at least ours must be there.
        Assert.True(Sum("wickr.packets.enqueued") >= 3);
        Assert.True(Sum("wickr.packets.acked") >= 2);
        Assert.True(Sum("wickr.packets.expired") >= 1);
        Assert.True(Sum("wickr.ephemeral_keys.claimed") >= 2);
        Assert.True(Sum("wickr.ephemeral_keys.last_resort") >= 1);
        Assert.True(Sum("wickr.ephemeral_keys.low_signals") >= 1);
        Assert.All(measurements, m => Assert.Equal(0, m.Tags));
    }
}
