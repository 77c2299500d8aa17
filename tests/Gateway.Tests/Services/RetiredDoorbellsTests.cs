extern alias gateway;

using gateway::Wickr.Cluster.Gateway.Messages;
using Microsoft.Extensions.Time.Testing;
using Wickr.Cluster.Gateway.Tests.Fixtures;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Gateway.Tests.Services;

/// <summary>
/// An ended stream's doorbell keeps answering late rings until its subscription would have lapsed, then goes; and a
/// device ending streams in a loop cannot make the gateway hold more than <see cref="RetiredDoorbells.Capacity"/>.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RetiredDoorbellsTests(GatewayFixture fixture)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_late_ring_reaches_a_retired_doorbell_and_it_is_deleted_once_its_subscription_lapsed()
    {
        var time = new FakeTimeProvider(fixture.Time.GetUtcNow());
        using var retired = new RetiredDoorbells(fixture.Client, time);
        var (doorbell, reference) = NewDoorbell();
        retired.Retire(doorbell, reference, Lifetime);

        // A ring sent after the stream ended (as a node grain activation the unsubscribe missed would) is taken.
        await reference.PacketQueuedAsync("late", 7);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await doorbell.WaitAsync(patience.Token);
        Assert.Equal(7, doorbell.HighestQueued);

        time.Advance(Lifetime - TimeSpan.FromSeconds(1));
        var (second, secondReference) = NewDoorbell();
        retired.Retire(second, secondReference, Lifetime);
        Assert.Equal(2, retired.Count);

        time.Advance(TimeSpan.FromSeconds(1));
        var (third, thirdReference) = NewDoorbell();
        retired.Retire(third, thirdReference, Lifetime);
        Assert.Equal(2, retired.Count);
    }

    [Fact]
    public void A_stream_that_never_subscribed_leaves_nothing_retired()
    {
        using var retired = new RetiredDoorbells(fixture.Client, new FakeTimeProvider(fixture.Time.GetUtcNow()));
        var (doorbell, reference) = NewDoorbell();
        retired.Retire(doorbell, reference, TimeSpan.Zero);
        Assert.Equal(0, retired.Count);
    }

    [Fact]
    public void Streams_ended_in_a_loop_are_held_up_to_the_capacity_only()
    {
        using var retired = new RetiredDoorbells(fixture.Client, new FakeTimeProvider(fixture.Time.GetUtcNow()));
        for (var i = 0; i < RetiredDoorbells.Capacity + 50; i++)
        {
            var (doorbell, reference) = NewDoorbell();
            retired.Retire(doorbell, reference, Lifetime);
        }

        Assert.Equal(RetiredDoorbells.Capacity, retired.Count);
        retired.Dispose();
        Assert.Equal(0, retired.Count);
    }

    private (NodeDoorbell Doorbell, INodeObserver Reference) NewDoorbell()
    {
        var doorbell = new NodeDoorbell();
        return (doorbell, fixture.Client.CreateObjectReference<INodeObserver>(doorbell));
    }
}
