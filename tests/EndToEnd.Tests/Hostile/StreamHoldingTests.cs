using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Hostile;

/// <summary>
/// Streams: a stranger with a token tries to hold more streams than allowed and to keep one beyond its token; the
/// victim, whose streams also end with each token, re-subscribes and loses nothing.
/// </summary>
[Trait("Category", "Slow")]
[Collection(DoorCollection.Name)]
public sealed class StreamHoldingTests(DoorClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(4);

    [Fact]
    public Task Streams_end_with_their_token_are_capped_per_node_and_the_victim_loses_nothing() => fixture.RunAsync(output, async w =>
    {
        var channel = await w.Cluster.StartGatewayAsync(new Dictionary<string, string>
        {
            ["Gateway__TokenLifetime"] = "00:00:04",
            ["Gateway__MaxStreamsPerNode"] = "2",
        });
        var victim = await w.UserAsync("victim", 1, channel: channel);
        var friend = await w.UserAsync("friend", 1, channel: channel);
        var stranger = await w.UserAsync("stranger", 1, connect: false, channel: channel);
        var raw = new Raw(channel);
        var token = Raw.Bearer(await stranger[0].Session.TokenAsync(CancellationToken.None));

        // The stranger holds two streams; a third is refused.
        using var timeout = new CancellationTokenSource(World.Patience);
        var held = new List<AsyncServerStreamingCall<ServerEvent>>();
        var refused = 0;
        for (var i = 0; i < 5; i++)
        {
            var call = raw.Messages.Subscribe(new SubscribeRequest(), token, cancellationToken: timeout.Token);
            try
            {
                Assert.True(await call.ResponseStream.MoveNext(timeout.Token)); // pool low: the stream is open
                held.Add(call);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
            {
                refused++;
                call.Dispose();
            }
        }
        w.Log($"stranger: {held.Count} streams held, {refused} of 5 refused (cap 2 per node)");
        Assert.Equal(2, held.Count);

        // The stranger's streams end when its token does, however it holds them.
        var started = DateTime.UtcNow;
        foreach (var call in held)
        {
            Assert.False(await call.ResponseStream.MoveNext(timeout.Token));
            Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
            call.Dispose();
        }
        w.Log($"stranger's streams ended {(DateTime.UtcNow - started).TotalSeconds:F1} s later, with the token ({TokenLifetime.TotalSeconds} s lifetime)");

        // Meanwhile and after, the victim receives every message in order across several token lifetimes.
        var sentBodies = new List<byte[]>();
        for (var i = 0; i < 6; i++)
        {
            var text = w.Text($"across token expiry {i}");
            var sent = await friend[0].SendAsync(victim.Root, text);
            Assert.True(sent.AllQueued, string.Join("; ", sent.Failures));
            sentBodies.Add(text.Body);
            await Task.Delay(TokenLifetime / 2);
        }
        var received = new List<byte[]>();
        for (var i = 0; i < sentBodies.Count; i++)
        {
            received.Add((await victim[0].NextAsync()).Message.Body);
        }
        w.Log($"victim: {received.Count} of {sentBodies.Count} messages received over {sentBodies.Count * TokenLifetime.TotalSeconds / 2} s; tokens issued to it: {victim[0].Session.TokensIssued}");
        Assert.Equal(sentBodies, received);
        Assert.True(victim[0].Session.TokensIssued >= 2, "the victim's client renewed its token");
    });
}
