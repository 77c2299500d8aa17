using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Wickr.Cluster.Protocol.Recovery;
using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Hostile;

/// <summary>
/// A stranger with no account goes after a user's recovery bundle through the real gateway and silo: without the
/// passphrase (or, hardened, Krbk) it gets nothing, learns nothing about whether the user exists, and its address is
/// delayed after a few guesses; the owner, from its own address, still recovers at once.
/// </summary>
[Trait("Category", "Slow")]
public sealed class RecoveryBundleHostileTests(EmbeddedClusterFixture fixture, ITestOutputHelper output) : IClassFixture<EmbeddedClusterFixture>
{
    private const string Passphrase = "correct horse battery staple";
    private const int StrangersGuesses = 10;

    [Fact]
    public Task A_stranger_without_the_passphrase_gets_nothing_and_the_owner_still_recovers() => fixture.RunAsync(output, async world =>
    {
        var alice = await world.UserAsync("alice", devices: 1);
        await alice[0].StoreRecoveryBundleAsync(alice.User, Passphrase);

        // The stranger calls from its own address (127.0.0.2); the owner from 127.0.0.1.
        using var strangersChannel = world.Cluster.ChannelFrom(IPAddress.Parse("127.0.0.2"));
        var raw = new Raw(strangersChannel).Accounts;

        // Guesses: the client's own path with a wrong passphrase, and raw random access keys; and for comparison the
        // same request about a user that does not exist.
        var wrong = await Assert.ThrowsAsync<WickrClientException>(
            () => WickrAccounts.FetchRecoveryBundleAsync(strangersChannel, alice.Root, "password1", world.Options()));
        var wrongKey = new List<(RpcException Error, double Ms)>();
        var unknownUser = new List<(RpcException Error, double Ms)>();
        for (var i = 0; i < StrangersGuesses - 1; i++)
        {
            wrongKey.Add(await RefusedAsync(raw, alice.Root));
            unknownUser.Add(await RefusedAsync(raw, RandomNumberGenerator.GetBytes(32)));
        }

        Assert.Equal(StatusCode.PermissionDenied, wrong.StatusCode);
        var answers = wrongKey.Concat(unknownUser).Select(r => (r.Error.StatusCode, r.Error.Status.Detail)).Append((wrong.StatusCode, wrong.Detail)).Distinct().ToList();
        Assert.Single(answers);
        world.Log($"recovery: {wrongKey.Count + 1} wrong guesses and {unknownUser.Count} unknown-user fetches, one answer: {answers[0]}");
        world.Log($"recovery: median latency wrong key {Median(wrongKey):F1} ms vs unknown user {Median(unknownUser):F1} ms");

        // The stranger's address now waits out a delay: even the right passphrase from there gets the same refusal.
        var delayed = await Assert.ThrowsAsync<WickrClientException>(
            () => WickrAccounts.FetchRecoveryBundleAsync(strangersChannel, alice.Root, Passphrase, world.Options()));
        Assert.Equal((wrong.StatusCode, wrong.Detail), (delayed.StatusCode, delayed.Detail));

        // The owner, right after, on a new machine, with the passphrase: the same root keys, and a device that works.
        using var restored = await WickrAccounts.FetchRecoveryBundleAsync(world.Cluster.Channel, alice.Root, Passphrase, world.Options());
        Assert.Equal(alice.User.RootKeys.Encode(), restored.RootKeys.Encode());
        var newDevice = await world.DeviceAsync(restored);
        await newDevice.ConnectAsync();
        world.Log($"recovery: after the stranger's {StrangersGuesses} wrong guesses the owner recovered at once; the stranger's address is delayed");
    });

    [Fact]
    public Task A_hardened_bundle_is_fetched_only_with_the_recovery_key() => fixture.RunAsync(output, async world =>
    {
        var bob = await world.UserAsync("bob", devices: 1);
        var keyText = await bob[0].StoreHardenedRecoveryBundleAsync(bob.User);
        var channel = world.Cluster.Channel;

        // The passphrase path and a random Krbk both fail alike.
        var byPassphrase = await Assert.ThrowsAsync<WickrClientException>(
            () => WickrAccounts.FetchRecoveryBundleAsync(channel, bob.Root, Passphrase, world.Options()));
        using (var guess = Protocol.Crypto.CipherKey.Generate())
        {
            var byGuess = await Assert.ThrowsAsync<WickrClientException>(
                () => WickrAccounts.FetchRecoveryBundleAsync(channel, bob.Root, guess, world.Options()));
            Assert.Equal((byPassphrase.StatusCode, byPassphrase.Detail), (byGuess.StatusCode, byGuess.Detail));
        }

        Assert.Equal(StatusCode.PermissionDenied, byPassphrase.StatusCode);
        using var recoveryKey = RecoveryKeyText.Parse(keyText);
        using var restored = await WickrAccounts.FetchRecoveryBundleAsync(channel, bob.Root, recoveryKey, world.Options());
        Assert.Equal(bob.User.RootKeys.Encode(), restored.RootKeys.Encode());
        world.Log("recovery (hardened): the kept Krbk fetches and opens the bundle; a passphrase or a guessed key gets PERMISSION_DENIED");
    });

    private static async Task<(RpcException Error, double Ms)> RefusedAsync(Accounts.AccountsClient raw, byte[] root)
    {
        var request = new FetchRecoveryBundleRequest
        {
            RootIdentifier = ByteString.CopyFrom(root),
            AccessKey = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(RecoveryAccessKey.Size)),
        };
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RpcException>(() => raw.FetchRecoveryBundleAsync(request).ResponseAsync);
        return (error, clock.Elapsed.TotalMilliseconds);
    }

    private static double Median(List<(RpcException Error, double Ms)> samples)
    {
        var sorted = samples.Select(s => s.Ms).Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
