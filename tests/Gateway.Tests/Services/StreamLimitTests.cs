using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;

namespace Wickr.Cluster.Gateway.Tests.Services;

/// <summary>A Subscribe stream ends with its token, and a node has at most MaxStreamsPerNode streams open at once.</summary>
[Collection(GatewayCollection.Name)]
public sealed class StreamLimitTests(GatewayFixture fixture)
{
    private const int DefaultMaxStreamsPerNode = 4;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private TestClients Clients => fixture.Clients;

    [Fact]
    public async Task A_stream_ends_cleanly_when_its_token_expires()
    {
        var device = await Clients.NewDeviceAsync();
        using var cancel = new CancellationTokenSource(Wait);
        using var call = Clients.Messages.Subscribe(new SubscribeRequest(), device.Headers, cancellationToken: cancel.Token);
        // An empty pool is low: the first event shows the stream is open.
        Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(ServerEvent.EventOneofCase.PoolLow, call.ResponseStream.Current.EventCase);

        fixture.Time.Advance(TestLimits.TokenLifetime);
        Assert.False(await call.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task A_node_gets_at_most_the_configured_number_of_streams_and_a_closed_one_frees_a_slot()
    {
        var device = await Clients.NewDeviceAsync();
        using var cancel = new CancellationTokenSource(Wait);
        var calls = new List<AsyncServerStreamingCall<ServerEvent>>();
        try
        {
            for (var i = 0; i < DefaultMaxStreamsPerNode; i++)
            {
                var call = Clients.Messages.Subscribe(new SubscribeRequest(), device.Headers, cancellationToken: cancel.Token);
                calls.Add(call);
                Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
            }

            using (var extra = Clients.Messages.Subscribe(new SubscribeRequest(), device.Headers, cancellationToken: cancel.Token))
            {
                var ex = await Assert.ThrowsAsync<RpcException>(() => extra.ResponseStream.MoveNext(cancel.Token));
                Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
                Assert.Contains("open streams", ex.Status.Detail, StringComparison.Ordinal);
            }

            // Another node is not affected.
            var other = await Clients.NewDeviceAsync();
            using (var theirs = Clients.Messages.Subscribe(new SubscribeRequest(), other.Headers, cancellationToken: cancel.Token))
            {
                Assert.True(await theirs.ResponseStream.MoveNext(cancel.Token));
            }

            calls[0].Dispose();
            calls.RemoveAt(0);
            await WaitUntilAsync(async () =>
            {
                using var again = Clients.Messages.Subscribe(new SubscribeRequest(), device.Headers, cancellationToken: cancel.Token);
                try
                {
                    return await again.ResponseStream.MoveNext(cancel.Token);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
                {
                    return false;
                }
            });
        }
        finally
        {
            foreach (var call in calls)
            {
                call.Dispose();
            }
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(50);
        }
    }
}
