using Grpc.Core;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.EndToEnd.Tests.Harness;

namespace Wickr.Cluster.EndToEnd.Tests.Scenarios;

/// <summary>
/// A node the gateway could not reach for a moment (its grain's silo restarting or moving it) is asked for a key and
/// sent the packet again, so a rolling restart does not make a send miss a device.
/// </summary>
public sealed partial class EmbeddedClusterTests
{
    [Fact]
    public Task A_node_unreachable_for_one_claim_and_one_packet_still_gets_the_message() => Run(async w =>
    {
        var alice = await w.UserAsync("alice", 1, connect: false);
        var bob = await w.UserAsync("bob", 2);
        var flaky = new UnreachableNodes(w.Cluster.Channel, Convert.FromHexString(bob[1].NodeIdentifierHex), times: 2);
        var sender = new WickrClient(flaky, alice[0].Device, w.Options());

        var hello = w.Text("through a restart");
        var sent = await sender.SendAsync(bob.Root, hello);

        Assert.Equal(2, flaky.Cuts);
        Assert.True(sent.AllQueued, string.Join("; ", sent.Failures));
        foreach (var device in bob.Devices)
        {
            var received = await device.NextAsync();
            Assert.Equal(sent.MessageId, received.MessageId);
            Assert.Equal(hello.Body, received.Message.Body);
        }
        await sender.DisposeAsync();
    });

    [Fact]
    public Task Without_retries_the_unreachable_node_is_reported_not_silently_dropped() => Run(async w =>
    {
        var alice = await w.UserAsync("alice", 1, connect: false);
        var bob = await w.UserAsync("bob", 2);
        var flaky = new UnreachableNodes(w.Cluster.Channel, Convert.FromHexString(bob[1].NodeIdentifierHex), times: 1);
        var sender = new WickrClient(flaky, alice[0].Device, new WickrClientOptions { Suite = w.Recorder, RetryDelay = TimeSpan.FromMilliseconds(200), SendRetries = 0 });

        var sent = await sender.SendAsync(bob.Root, w.Text("no second try"));

        var failure = Assert.Single(sent.Failures);
        Assert.Equal(bob[1].NodeIdentifierHex, failure.NodeIdentifierHex);
        Assert.Equal(DeliveryState.KeyUnavailable, failure.State);
        Assert.Equal(StatusCode.Unavailable, failure.Status);
        Assert.Equal(sent.MessageId, (await bob[0].NextAsync()).MessageId);
        await sender.DisposeAsync();
    });
}
