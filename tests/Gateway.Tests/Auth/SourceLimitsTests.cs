extern alias gateway;

using System.Net;
using gateway::Wickr.Cluster.Gateway;
using gateway::Wickr.Cluster.Gateway.Auth;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;

namespace Wickr.Cluster.Gateway.Tests.Auth;

/// <summary>
/// Limits per source against a stranger with many addresses: a full source table, IPv6 prefixes, a loopback sidecar,
/// forged forwarding headers, and a flood of well-formed wrong signatures.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class SourceLimitsTests(GatewayFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_full_source_table_drops_its_oldest_source_and_admits_a_new_one()
    {
        var (sources, time) = Sources(o => o.MaxTrackedSources = 100);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(sources.TryAdmit(IPAddress.Parse($"198.51.100.{i}"), out _));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(100, sources.Tracked);

        // Every window is still running; a new source is admitted all the same, and the table stays bounded.
        Assert.True(sources.TryAdmit(IPAddress.Parse("203.0.113.7"), out _));
        Assert.Equal(100, sources.Tracked);
    }

    [Fact]
    public void IPv6_sources_are_limited_per_64_and_in_aggregate_per_56_and_48()
    {
        var (sources, _) = Sources(o =>
        {
            o.MaxPerSource = 2;
            o.MaxPerIPv6Prefix56 = 6;
            o.MaxPerIPv6Prefix48 = 10;
        });

        // One /64 gets its 2.
        Assert.True(sources.TryAdmit(IPAddress.Parse("2001:db8:1:100::1"), out _));
        Assert.True(sources.TryAdmit(IPAddress.Parse("2001:db8:1:100::2"), out _));
        Assert.False(sources.TryAdmit(IPAddress.Parse("2001:db8:1:100::3"), out var retryAfter));
        Assert.True(retryAfter > TimeSpan.Zero);

        // Other /64s of the same /56 together get 6; then the /56 is spent whichever /64 asks.
        Assert.True(sources.TryAdmit(IPAddress.Parse("2001:db8:1:101::1"), out _));
        Assert.True(sources.TryAdmit(IPAddress.Parse("2001:db8:1:102::1"), out _));
        Assert.True(sources.TryAdmit(IPAddress.Parse("2001:db8:1:103::1"), out _));
        Assert.True(sources.TryAdmit(IPAddress.Parse("2001:db8:1:104::1"), out _));
        Assert.False(sources.TryAdmit(IPAddress.Parse("2001:db8:1:1ff::1"), out _));

        // Another /56 of the same /48 gets the 4 left of the /48's 10, then the whole /48 is spent.
        for (var i = 0; i < 4; i++)
        {
            Assert.True(sources.TryAdmit(IPAddress.Parse($"2001:db8:1:{0x200 + i:x}::1"), out _));
        }

        Assert.False(sources.TryAdmit(IPAddress.Parse("2001:db8:1:ff00::1"), out _));

        // Another /48 is untouched.
        Assert.True(sources.TryAdmit(IPAddress.Parse("2001:db8:2::1"), out _));
    }

    [Fact]
    public void Loopback_callers_are_limited_unless_exempted()
    {
        Assert.False(new RegistrationOptions().ExemptLoopback);
        var (sources, _) = Sources(o => o.MaxPerSource = 1);

        // 127.0.0.6 is where a mesh sidecar delivers outside callers from.
        Assert.True(sources.TryAdmit(IPAddress.Parse("127.0.0.6"), out _));
        Assert.False(sources.TryAdmit(IPAddress.Parse("127.0.0.6"), out _));
    }

    [Fact]
    public void Forwarded_headers_are_read_only_from_trusted_proxies()
    {
        var call = new DefaultHttpContext();
        call.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
        call.Request.Headers["X-Forwarded-For"] = "192.0.2.99, 203.0.113.5";

        // Nothing trusted (the default): the header is the client's own claim and is ignored.
        Assert.Equal(IPAddress.Parse("10.1.2.3"), Callers(_ => { }).Of(call));

        // The proxy is trusted: the last address it appended is the caller; what the client wrote before it is not read.
        Assert.Equal(IPAddress.Parse("203.0.113.5"), Callers(o => o.KnownProxies.Add("10.1.2.3")).Of(call));
        Assert.Equal(IPAddress.Parse("203.0.113.5"), Callers(o => o.KnownNetworks.Add("10.0.0.0/8")).Of(call));

        // Two trusted hops: the address before the inner proxy.
        call.Request.Headers["X-Forwarded-For"] = "192.0.2.99, 203.0.113.5, 10.9.9.9";
        Assert.Equal(IPAddress.Parse("203.0.113.5"), Callers(o => o.KnownNetworks.Add("10.0.0.0/8")).Of(call));

        Assert.Single(new RegistrationOptions { KnownProxies = { "not-an-address" } }.Validate());
        Assert.Single(new RegistrationOptions { KnownNetworks = { "10.0.0.0" } }.Validate());
    }

    [Fact]
    public async Task Unauthenticated_signature_checks_are_budgeted_per_source_and_others_still_authenticate()
    {
        var time = new FakeTimeProvider(fixture.Time.GetUtcNow());
        var settings = GatewayHost.Settings(fixture.TokenSecret);
        settings["Gateway:Registration:ExemptLoopback"] = "false";
        settings["Gateway:Registration:MaxPerSource"] = "50";
        settings["Gateway:Registration:MaxSignatureChecksPerSource"] = "6";
        settings["Gateway:Registration:SignatureCheckWindow"] = "00:01:00";

        // The test's loopback is the "proxy", so each call names its source in X-Forwarded-For.
        settings["Gateway:Registration:KnownProxies:0"] = "127.0.0.1";
        await using var gateway = await GatewayHost.StartAsync(fixture.Client, time, settings);
        var clients = new TestClients(gateway.Channel, time);
        var attacker = new Metadata { { "X-Forwarded-For", "198.51.100.66" } };
        var victim = new Metadata { { "X-Forwarded-For", "203.0.113.10" } };

        // A registered device of the attacker's, then well-formed wrong signatures until the budget is spent.
        using var user = new TestUser();
        await clients.Accounts.RegisterUserAsync(user.RegisterRequest(), attacker);
        var device = user.NewDevice();
        await clients.Accounts.RegisterNodeAsync(user.RegisterNodeRequest(device, time.GetUtcNow()), attacker);
        var refusedAt = -1;
        for (var i = 0; i < 20 && refusedAt < 0; i++)
        {
            var challenge = await clients.Auth.CreateChallengeAsync(new CreateChallengeRequest { NodeIdentifier = ByteString.CopyFrom(device.NodeIdentifier) }, attacker);
            var wrong = device.SignChallenge(new byte[challenge.Nonce.Length]);
            var ex = await Assert.ThrowsAsync<RpcException>(async () => await clients.Auth.CreateTokenAsync(new CreateTokenRequest
            {
                NodeIdentifier = ByteString.CopyFrom(device.NodeIdentifier),
                Nonce = challenge.Nonce,
                Signature = ByteString.CopyFrom(wrong),
            }, attacker));
            if (ex.StatusCode == StatusCode.ResourceExhausted)
            {
                Assert.NotNull(ex.Trailers.GetValue("retry-after-ms"));
                refusedAt = i;
            }
            else
            {
                Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
            }
        }

        // The RegisterUser counted too: 1 + 5 checks, the sixth wrong signature is refused unchecked.
        Assert.Equal(5, refusedAt);
        using var another = new TestUser();
        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, "signature checks", () => clients.Accounts.RegisterUserAsync(another.RegisterRequest(), attacker));

        // Another source registers and authenticates meanwhile.
        using var friend = new TestUser();
        Assert.True((await clients.Accounts.RegisterUserAsync(friend.RegisterRequest(), victim)).Created);
        var friendDevice = friend.NewDevice();
        await clients.Accounts.RegisterNodeAsync(friend.RegisterNodeRequest(friendDevice, time.GetUtcNow()), victim);
        var friendChallenge = await clients.Auth.CreateChallengeAsync(new CreateChallengeRequest { NodeIdentifier = ByteString.CopyFrom(friendDevice.NodeIdentifier) }, victim);
        Assert.NotEmpty((await clients.Auth.CreateTokenAsync(new CreateTokenRequest
        {
            NodeIdentifier = ByteString.CopyFrom(friendDevice.NodeIdentifier),
            Nonce = friendChallenge.Nonce,
            Signature = ByteString.CopyFrom(friendDevice.SignChallenge(friendChallenge.Nonce.Span)),
        }, victim)).Token);

        // After the window the attacker's source is served again.
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await clients.Accounts.RegisterUserAsync(another.RegisterRequest(), attacker)).Created);
    }

    private static (RegistrationSources Sources, FakeTimeProvider Time) Sources(Action<RegistrationOptions> configure)
    {
        var options = new GatewayOptions();
        configure(options.Registration);
        var time = new FakeTimeProvider(Start);
        return (new RegistrationSources(Options.Create(options), time), time);
    }

    private static CallerAddress Callers(Action<RegistrationOptions> configure)
    {
        var options = new GatewayOptions();
        configure(options.Registration);
        return new CallerAddress(Options.Create(options));
    }
}
