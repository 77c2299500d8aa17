using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests;

/// <summary>Pool sizes at claim time, mailbox depth and fill after each store, packet age at read.</summary>
public abstract class ClusterLevelsTests<TFixture>(TFixture fixture)
    where TFixture : ClusterFixture
{
    [Fact]
    public async Task Pools_and_mailboxes_report_their_levels_without_any_identifier_attribute()
    {
        var measurements = new ConcurrentQueue<(string Name, double Value, int Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ClusterMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, tags.Length)));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, tags.Length)));
        listener.Start();

        var node = await RegisteredNode.CreateAsync(fixture.Client);
        await node.Pool.UploadAsync(TestData.EphemeralKeys(1, 2));
        await node.Pool.SetLastResortKeyAsync(TestData.EphemeralKey(3));
        var claimer = TestData.NodeId();
        for (var i = 0; i < 3; i++)
        {
            await node.Pool.ClaimAsync(claimer);
        }

        for (var i = 0; i < 3; i++)
        {
            await node.NodeGrain.EnqueueAsync($"level{i}", TestData.Packet());
        }

        // A distinctive wait, so this test's packet ages stand out from other tests sharing the clock.
        fixture.Time.Advance(TimeSpan.FromSeconds(777));
        Assert.Equal(3, (await node.NodeGrain.ReadAsync(0, 10)).Length);

        IEnumerable<double> Values(string name) => measurements.Where(m => m.Name == name).Select(m => m.Value);

        // Other test classes run at the same time and record too: at least ours must be there.
        Assert.Superset(new HashSet<double> { 2, 1, 0 }, Values("wickr.ephemeral_keys.pool_size").ToHashSet());
        Assert.Superset(new HashSet<double> { 1, 2, 3 }, Values("wickr.mailbox.depth").ToHashSet());
        Assert.Contains(Values("wickr.mailbox.fill"), v => v > 0 && v < 0.01);
        Assert.Equal(3, Values("wickr.mailbox.packet_age").Count(v => v is >= 777 and < 778));
        Assert.All(measurements, m => Assert.Equal(0, m.Tags));
    }
}
