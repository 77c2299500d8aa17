using System.Diagnostics;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Tests.Fixtures;
using Xunit.Abstractions;

namespace Wickr.Cluster.Grains.Tests.Nodes;

/// <summary>
/// A mailbox filled to 10,000 packets (the test cap). Prints the cost of one enqueue and one ack with 100 and with
/// 10,000 packets queued, to show it stays flat; asserts only correctness.
/// </summary>
public abstract class MailboxScaleTests<TFixture>(TFixture fixture, ITestOutputHelper output)
    where TFixture : ClusterFixture
{
    private const int Sample = 100;

    [Fact]
    public async Task Enqueue_and_ack_cost_stay_flat_from_100_to_10000_packets()
    {
        var small = await RegisteredNode.CreateAsync(fixture.Client);
        var large = await RegisteredNode.CreateAsync(fixture.Client);
        await Warm(small.NodeGrain);
        await Warm(large.NodeGrain);

        // 100 packets: time each enqueue into a mailbox growing 0 → 100, then each ack 100 → 0.
        var enqueueAt100 = await TimeEnqueues(small.NodeGrain, "s", 0, Sample);
        var ackAt100 = await TimeAcks(small.NodeGrain);
        Assert.Empty(await small.NodeGrain.ReadAsync(0, 1));

        // 10,000 packets: fill to 9,900 with calls in flight together, then time the last 100 enqueues.
        var fill = TestLimits.MaxQueuedPackets - Sample;
        await Parallel.ForEachAsync(Enumerable.Range(0, fill), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => await large.NodeGrain.EnqueueAsync($"l{i:D5}", TestData.Packet(64)));
        var enqueueAt10000 = await TimeEnqueues(large.NodeGrain, "t", fill, Sample);

        await ClusterAssert.FailsWith(ClusterErrorCode.MailboxFull, () => large.NodeGrain.EnqueueAsync("over", TestData.Packet(64)));

        // Every packet is there once, in strictly increasing sequence order; the refused one is not.
        var all = await large.NodeGrain.ReadAllAsync();
        Assert.Equal(TestLimits.MaxQueuedPackets, all.Count);
        Assert.Equal(TestLimits.MaxQueuedPackets * 64L, all.Sum(p => (long)p.Packet.Length));
        Assert.True(all.Zip(all.Skip(1)).All(pair => pair.First.Sequence < pair.Second.Sequence));
        var ids = all.Select(p => p.MessageId).ToHashSet();
        Assert.Equal(TestLimits.MaxQueuedPackets, ids.Count);
        Assert.DoesNotContain("over", ids);
        Assert.Equal(Enumerable.Range(0, Sample).Select(i => $"t{i:D5}"), all.TakeLast(Sample).Select(p => p.MessageId));

        // Acks with 10,000 queued: the device has read the first page and acknowledges it packet by packet.
        var ackAt10000 = await TimeAcks(large.NodeGrain);
        Assert.Equal(TestLimits.MaxQueuedPackets - Sample, (await large.NodeGrain.ReadAllAsync()).Count);
        Assert.Equal(all.Skip(Sample).First().Sequence, (await large.NodeGrain.ReadAsync(0, 1))[0].Sequence);

        Report("enqueue", enqueueAt100, enqueueAt10000);
        Report("ack", ackAt100, ackAt10000);
    }

    private static async Task Warm(INodeGrain grain)
    {
        await grain.EnqueueAsync("warm-up", TestData.Packet(64));
        var packet = (await grain.ReadAsync(0, 1))[0];
        await grain.AckAsync([packet.Sequence]);
    }

    private static async Task<TimeSpan[]> TimeEnqueues(INodeGrain grain, string prefix, int queued, int count)
    {
        var times = new TimeSpan[count];
        for (var i = 0; i < count; i++)
        {
            var packet = TestData.Packet(64);
            var started = Stopwatch.GetTimestamp();
            var result = await grain.EnqueueAsync($"{prefix}{i:D5}", packet);
            times[i] = Stopwatch.GetElapsedTime(started);
            Assert.False(result.Duplicate);
        }

        Assert.Equal(queued + count, (await grain.ReadAllAsync()).Count);
        return times;
    }

    private static async Task<TimeSpan[]> TimeAcks(INodeGrain grain)
    {
        var page = await grain.ReadAsync(0, Sample);
        Assert.Equal(Sample, page.Length);
        var times = new TimeSpan[page.Length];
        for (var i = 0; i < page.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var deleted = await grain.AckAsync([page[i].Sequence]);
            times[i] = Stopwatch.GetElapsedTime(started);
            Assert.Equal(1, deleted);
        }

        return times;
    }

    private void Report(string operation, TimeSpan[] at100, TimeSpan[] at10000)
    {
        var line = $"mailbox {operation} ({fixture.GetType().Name}): "
            + $"with 100 queued mean {Mean(at100):F0} µs, median {Median(at100):F0} µs; "
            + $"with 10,000 queued mean {Mean(at10000):F0} µs, median {Median(at10000):F0} µs";
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    private static double Mean(TimeSpan[] times) => times.Average(t => t.TotalMicroseconds);

    private static double Median(TimeSpan[] times)
    {
        var sorted = times.Select(t => t.TotalMicroseconds).Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
