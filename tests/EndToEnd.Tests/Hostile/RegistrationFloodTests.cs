using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;
using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Hostile;

/// <summary>
/// Free accounts: under Open a stranger registering in bulk from one address is stopped after the per-source limit
/// while another address still registers; under Invite nobody registers without an operator's token, and a used
/// single-use token cannot be replayed, while an invited user registers and talks.
/// </summary>
[Trait("Category", "Slow")]
[Collection(DoorCollection.Name)]
public sealed class RegistrationFloodTests(DoorClusterFixture fixture, ITestOutputHelper output)
{
    private const int Attempts = 40;
    private const int MaxPerSource = 5;

    [Fact]
    public Task Open_registration_stops_a_bulk_registrar_at_the_per_source_limit_and_admits_another_source() => fixture.RunAsync(output, async w =>
    {
        var channel = await w.Cluster.StartGatewayAsync(new Dictionary<string, string>
        {
            ["Gateway__Registration__MaxPerSource"] = MaxPerSource.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway__Registration__ExemptLoopback"] = "false",
        });
        var created = 0;
        var limited = 0;
        for (var i = 0; i < Attempts; i++)
        {
            try
            {
                using var user = await WickrAccounts.EnrollUserAsync(channel, $"bulk-{Guid.NewGuid():N}", w.Options());
                created++;
            }
            catch (WickrClientException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
            {
                limited++;
            }
        }
        w.Log($"stranger from 127.0.0.1: {created} of {Attempts} registrations accepted, {limited} refused (limit {MaxPerSource} per source)");
        Assert.Equal(MaxPerSource, created);
        Assert.Equal(Attempts - MaxPerSource, limited);

        // Someone else, from another address, still registers and talks.
        using var elsewhere = From(channel, IPAddress.Parse("127.0.0.2"));
        var victim = await w.UserAsync("newcomer", 1, channel: elsewhere);
        var friend = await w.UserAsync("friend", 1);
        var hello = w.Text("welcome");
        Assert.True((await friend[0].SendAsync(victim.Root, hello)).AllQueued);
        Assert.Equal(hello.Body, (await victim[0].NextAsync()).Message.Body);
    });

    [Fact]
    public Task Invite_registration_refuses_strangers_and_replayed_tokens_and_admits_the_invited() => fixture.RunAsync(output, async w =>
    {
        using var operatorKey = EcKeyPair.Generate();
        var channel = await w.Cluster.StartGatewayAsync(new Dictionary<string, string>
        {
            ["Gateway__Registration__Policy"] = "Invite",
            ["Gateway__Registration__OperatorPublicKey"] = Convert.ToBase64String(operatorKey.PublicKey.Encoded),
        });
        using var strangerKey = EcKeyPair.Generate();
        var invitation = RegistrationToken.Issue(operatorKey, DateTimeOffset.UtcNow.AddHours(1)).ToText();
        var attempts = new (string What, string? Token)[]
        {
            ("no token", null),
            ("self-signed token", RegistrationToken.Issue(strangerKey, DateTimeOffset.UtcNow.AddHours(1)).ToText()),
            ("expired token", RegistrationToken.Issue(operatorKey, DateTimeOffset.UtcNow.AddSeconds(-1)).ToText()),
        };
        foreach (var (what, token) in attempts)
        {
            var ex = await Assert.ThrowsAsync<WickrClientException>(() => WickrAccounts.EnrollUserAsync(
                channel, $"stranger-{Guid.NewGuid():N}", Invited(w, token)));
            Assert.True(ex.StatusCode == StatusCode.PermissionDenied, $"{what}: {ex.StatusCode} {ex.Message}");
        }

        // The invited user registers with the operator's token and talks to someone on the main gateway.
        var invited = await w.UserAsync("invited", 1, options: Invited(w, invitation), channel: channel);
        var friend = await w.UserAsync("friend", 1);
        var hello = w.Text("invited hello");
        Assert.True((await friend[0].SendAsync(invited.Root, hello)).AllQueued);
        Assert.Equal(hello.Body, (await invited[0].NextAsync()).Message.Body);

        // A stranger who saw the used token cannot register with it.
        var replay = await Assert.ThrowsAsync<WickrClientException>(() => WickrAccounts.EnrollUserAsync(
            channel, $"replayer-{Guid.NewGuid():N}", Invited(w, invitation)));
        Assert.Equal(StatusCode.PermissionDenied, replay.StatusCode);
        w.Log($"invite: {attempts.Length} registrations without a valid token and 1 replay refused; the invited user registered and received a message");
    });

    // A channel whose connections come from another loopback address, so the gateway sees another source.
    private static WickrClientOptions Invited(World w, string? token) => new()
    {
        Suite = w.Recorder,
        PoolTargetSize = 40,
        RetryDelay = TimeSpan.FromMilliseconds(200),
        RegistrationToken = token,
    };

    private static GrpcChannel From(GrpcChannel like, IPAddress local)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return GrpcChannel.ForAddress(like.Target.StartsWith("http", StringComparison.Ordinal) ? like.Target : "http://" + like.Target,
            new GrpcChannelOptions { HttpHandler = handler });
    }
}
