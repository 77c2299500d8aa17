extern alias gateway;
using System.Net;
using System.Security.Cryptography;
using gateway::Wickr.Cluster.Gateway.Auth;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Gateway.Tests.Services;

/// <summary>
/// Online guessing of a recovery bundle through a gateway with the shipped limits, by a stranger on another loopback
/// address (127.0.0.2): its guesses are refused exactly like an unknown user's, and the owner's right key still gets
/// the bundle at once.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RecoveryGuessingTests(GatewayFixture fixture)
{
    private const int StrangersGuesses = 10;

    [Fact]
    public async Task The_owner_recovers_right_after_a_strangers_ten_wrong_guesses_and_the_stranger_is_delayed()
    {
        var device = await fixture.Clients.NewDeviceAsync();
        var accessKey = RandomNumberGenerator.GetBytes(RecoveryAccess.AccessKeySize);
        var bundle = RandomNumberGenerator.GetBytes(300);
        await fixture.Clients.Accounts.StoreRecoveryBundleAsync(
            device.User.StoreBundleRequest(bundle, accessKey, fixture.Time.GetUtcNow()), device.Headers);

        await using var gatewayHost = await GatewayHost.StartAsync(fixture.Client, fixture.Time, GatewayHost.Settings(fixture.TokenSecret));
        using var strangerChannel = ChannelFrom(gatewayHost.Address, IPAddress.Parse("127.0.0.2"));
        var stranger = new Accounts.AccountsClient(strangerChannel);
        var owner = new Accounts.AccountsClient(gatewayHost.Channel);

        var refusals = new List<RpcException>();
        for (var i = 0; i < StrangersGuesses; i++)
        {
            refusals.Add(await RefusedAsync(stranger, device.User.RootIdentifier, RandomNumberGenerator.GetBytes(RecoveryAccess.AccessKeySize)));
            refusals.Add(await RefusedAsync(stranger, RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(RecoveryAccess.AccessKeySize)));
        }

        // Known user, unknown user, evaluated or delayed: one answer, byte for byte.
        Assert.Single(refusals.Select(r => (r.StatusCode, r.Status.Detail, Trailers(r))).Distinct());
        Assert.Equal(StatusCode.PermissionDenied, refusals[0].StatusCode);

        // The stranger is now waiting out a delay: even the right key from its address is not looked at...
        await RefusedAsync(stranger, device.User.RootIdentifier, accessKey);

        // ...while the owner, from its own address, gets the bundle at once.
        var fetched = await owner.FetchRecoveryBundleAsync(Fetch(device.User.RootIdentifier, accessKey));
        Assert.Equal(bundle, fetched.Bundle.ToByteArray());

        // After the delay the stranger's address is evaluated again.
        fixture.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(bundle, (await stranger.FetchRecoveryBundleAsync(Fetch(device.User.RootIdentifier, accessKey))).Bundle.ToByteArray());
    }

    [Fact]
    public async Task A_thousand_guesses_from_one_source_within_an_hour_get_at_most_ten_evaluated()
    {
        var throttle = NewThrottle(out var time);
        var evaluated = 0;
        for (var i = 0; i < 1000; i++)
        {
            evaluated += throttle.TryBegin("victim", "203.0.113.7") ? 1 : 0;
            time.Advance(TimeSpan.FromSeconds(3.6));
        }

        Assert.InRange(evaluated, 3, 10);

        // Guessing the same passphrase against many users from that source is limited as well.
        var users = 0;
        for (var i = 0; i < 1000; i++)
        {
            users += throttle.TryBegin($"user{i}", "203.0.113.8") ? 1 : 0;
            time.Advance(TimeSpan.FromSeconds(3.6));
        }

        Assert.InRange(users, 20, 30);

        // The owner, from elsewhere, is evaluated at once, and a right answer clears its own count.
        Assert.True(throttle.TryBegin("victim", "198.51.100.1"));
        throttle.TakeBack("victim", "198.51.100.1", succeeded: true);
        Assert.True(throttle.TryBegin("victim", "198.51.100.1"));
    }

    [Fact]
    public void From_a_thousand_sources_a_user_under_attack_gets_one_guess_per_source_an_hour_and_the_owner_still_one_at_once()
    {
        var throttle = NewThrottle(out var time);
        var evaluated = 0;
        for (var round = 0; round < 4; round++)
        {
            for (var s = 0; s < 1000; s++)
            {
                evaluated += throttle.TryBegin("victim", $"10.0.{s / 250}.{s % 250}") ? 1 : 0;
            }

            time.Advance(TimeSpan.FromMinutes(15));
        }

        // First hour: 3 free wrong answers from each of the first few sources until the user's budget (10) is spent,
        // then one per source; the later rounds within the hour are all delayed.
        Assert.InRange(evaluated, 1000, 1010);

        Assert.True(throttle.TryBegin("victim", "192.0.2.99"));
        throttle.TakeBack("victim", "192.0.2.99", succeeded: true);
    }

    [Fact]
    public void Counts_are_bounded_and_forgotten()
    {
        var throttle = NewThrottle(out var time, maxTracked: 1000);
        for (var i = 0; i < 5000; i++)
        {
            throttle.TryBegin($"made-up{i}", $"10.1.{i / 250}.{i % 250}");
        }

        Assert.InRange(throttle.Tracked, 1, 1000);
        time.Advance(TimeSpan.FromDays(2));
        Assert.True(throttle.TryBegin("made-up1", "10.1.0.1"));
    }

    private static RecoveryThrottle NewThrottle(out Microsoft.Extensions.Time.Testing.FakeTimeProvider time, int maxTracked = 200_000)
    {
        time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(GatewayFixture.Epoch);
        var options = new gateway::Wickr.Cluster.Gateway.GatewayOptions();
        options.Recovery.MaxTrackedCounts = maxTracked;
        return new RecoveryThrottle(Microsoft.Extensions.Options.Options.Create(options), time);
    }

    private static FetchRecoveryBundleRequest Fetch(byte[] root, byte[] accessKey) => new()
    {
        RootIdentifier = ByteString.CopyFrom(root),
        AccessKey = ByteString.CopyFrom(accessKey),
    };

    private static async Task<RpcException> RefusedAsync(Accounts.AccountsClient client, byte[] root, byte[] accessKey) =>
        await Assert.ThrowsAsync<RpcException>(() => client.FetchRecoveryBundleAsync(Fetch(root, accessKey)).ResponseAsync);

    // Every trailer but the clock's.
    private static string Trailers(RpcException error) =>
        string.Join(";", error.Trailers.Where(t => t.Key != "date").Select(t => t.Key + "=" + t.Value));

    private static GrpcChannel ChannelFrom(string address, IPAddress local) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = Testing.Loopback.HandlerFrom(local) });
}
