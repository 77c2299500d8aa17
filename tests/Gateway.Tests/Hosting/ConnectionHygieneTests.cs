extern alias gateway;

using System.Buffers.Binary;
using System.Net;
using gateway::Wickr.Cluster.Gateway.Connections;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;

namespace Wickr.Cluster.Gateway.Tests.Hosting;

/// <summary>
/// Slow clients: calls whose request body never finishes, more connections than a source may hold, and requests far
/// larger than their call needs. Each is refused or cut, and a well-behaved client is served beside them.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ConnectionHygieneTests(GatewayFixture fixture)
{
    private const int Connections = 4;
    private const int StreamsPerConnection = 25;
    private static readonly TimeSpan BodyTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Oversized_requests_are_refused_before_they_are_read()
    {
        // Auth takes 1 KiB: a 2 KiB or 1 MiB CreateChallenge is refused by its length prefix.
        foreach (var size in new[] { 2 * 1024, 1024 * 1024 })
        {
            await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, "", () => fixture.Clients.Auth.CreateChallengeAsync(
                new CreateChallengeRequest { NodeIdentifier = ByteString.CopyFrom(new byte[size]) }));
        }

        // Within a service, each method has its own cap: Accounts reads a 64 KiB recovery bundle, but not a 64 KiB profile request.
        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, "at most 4096 bytes", () => fixture.Clients.Accounts.GetProfileAsync(
            new GetProfileRequest { RootIdentifier = ByteString.CopyFrom(new byte[64 * 1024]) }));

        // The door still answers a well-formed small one.
        await RpcAssert.FailsAsync(StatusCode.NotFound, "", () => fixture.Clients.Auth.CreateChallengeAsync(
            new CreateChallengeRequest { NodeIdentifier = ByteString.CopyFrom(new byte[32]) }));
    }

    [Fact]
    public async Task Calls_whose_bodies_never_finish_are_cut_at_the_deadline_and_others_are_served_meanwhile()
    {
        var time = new FakeTimeProvider(fixture.Time.GetUtcNow());
        await using var gateway = await GatewayHost.StartAsync(fixture.Client, time, Settings(perSource: 0));
        var pending = gateway.Services.GetRequiredService<PendingRequestBodies>();
        var handlers = Enumerable.Range(0, Connections).Select(_ => new SocketsHttpHandler()).ToList();
        using var never = new CancellationTokenSource();
        try
        {
            // 100 SendPacket calls that announce a 200 KB message, send 1 KB of it and then nothing.
            var calls = handlers.SelectMany(h => Enumerable.Range(0, StreamsPerConnection).Select(_ => UnfinishedCallAsync(h, gateway.Address, never.Token))).ToList();
            await WaitUntilAsync(() => pending.Count == calls.Count, () => $"{pending.Count} of {calls.Count} calls reached the gateway");

            // A well-behaved client is served while they hang.
            var device = await new TestClients(gateway.Channel, time).NewDeviceAsync();
            await new TestClients(gateway.Channel, time).Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers);
            Assert.Equal(calls.Count, pending.Count);

            // At the deadline every one is reset, however long the client would wait.
            time.Advance(BodyTimeout);
            foreach (var call in calls)
            {
                await call.WaitAsync(Patience);
            }

            Assert.Equal(0, pending.Count);
        }
        finally
        {
            await never.CancelAsync();
            handlers.ForEach(h => h.Dispose());
        }
    }

    [Fact]
    public async Task A_source_holds_at_most_its_connections_and_a_freed_one_admits_the_next()
    {
        var time = new FakeTimeProvider(fixture.Time.GetUtcNow());
        await using var gateway = await GatewayHost.StartAsync(fixture.Client, time, Settings(perSource: 2));
        var perSource = gateway.Services.GetRequiredService<ConnectionsPerSource>();
        var pending = gateway.Services.GetRequiredService<PendingRequestBodies>();
        using var first = new SocketsHttpHandler();
        using var second = new SocketsHttpHandler();
        using var third = new SocketsHttpHandler();
        using var never = new CancellationTokenSource();
        try
        {
            var held = new[] { UnfinishedCallAsync(first, gateway.Address, never.Token), UnfinishedCallAsync(second, gateway.Address, never.Token) };
            await WaitUntilAsync(() => pending.Count == 2, () => $"{pending.Count} of 2 calls reached the gateway");
            Assert.Equal(2, perSource.OpenFrom(IPAddress.Loopback));

            // The third connection from the same address is closed before a byte of it is read.
            await UnfinishedCallAsync(third, gateway.Address, never.Token).WaitAsync(Patience);
            Assert.Equal(0, perSource.OpenFrom(IPAddress.Parse("192.0.2.1")));

            // Once the held calls are cut and their connections closed, the source connects again.
            time.Advance(BodyTimeout);
            foreach (var call in held)
            {
                await call.WaitAsync(Patience);
            }

            // The client lets go of its connections.
            await never.CancelAsync();
            first.Dispose();
            second.Dispose();
            await WaitUntilAsync(() => perSource.OpenFrom(IPAddress.Loopback) == 0, () => $"{perSource.OpenFrom(IPAddress.Loopback)} connections still open");
            var device = await new TestClients(gateway.Channel, time).NewDeviceAsync();
            await new TestClients(gateway.Channel, time).Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers);
        }
        finally
        {
            await never.CancelAsync();
        }
    }

    private Dictionary<string, string?> Settings(int perSource)
    {
        var settings = GatewayHost.Settings(fixture.TokenSecret);
        settings["Gateway:Connections:MaxConnectionsPerSource"] = perSource.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Gateway:Connections:MaxStreamsPerConnection"] = StreamsPerConnection.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Gateway:Connections:RequestBodyTimeout"] = BodyTimeout.ToString();
        return settings;
    }

    // A raw HTTP/2 gRPC call whose body announces 200 KB and stops after 1 KB; ends when the gateway resets the call
    // or closes its connection, and fails the test should the gateway answer it instead.
    private static async Task UnfinishedCallAsync(HttpMessageHandler handler, string address, CancellationToken never)
    {
        try
        {
            await SendUnfinishedAsync(handler, address, never);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return;
        }

        Assert.Fail("the unfinished call was answered");
    }

    private static async Task SendUnfinishedAsync(HttpMessageHandler handler, string address, CancellationToken never)
    {
        using var client = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(address), "/wickr.cluster.v1.Messages/SendPacket"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new UnfinishedBody(never),
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, never);

        // Headers only come back once the call ends: read to the end so a reset surfaces here.
        await using var body = await response.Content.ReadAsStreamAsync(never);
        await body.CopyToAsync(Stream.Null, never);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            Assert.False(timeout.IsCancellationRequested, what());
            await Task.Yield();
            await Task.Delay(10, CancellationToken.None);
        }
    }

    private sealed class UnfinishedBody : HttpContent
    {
        private readonly CancellationToken _never;

        public UnfinishedBody(CancellationToken never)
        {
            _never = never;
            Headers.TryAddWithoutValidation("content-type", "application/grpc");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var prefix = new byte[5];
            BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), 200_000);
            await stream.WriteAsync(prefix, _never);
            await stream.WriteAsync(new byte[1024], _never);
            await stream.FlushAsync(_never);
            await Task.Delay(Timeout.Infinite, _never);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
