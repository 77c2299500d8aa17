using System.Diagnostics;
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
/// passphrase (or, hardened, Krbk) it gets nothing, learns nothing about whether the user exists, and is cut off after
/// a few guesses; the owner still recovers.
/// </summary>
[Trait("Category", "Slow")]
public sealed class RecoveryBundleHostileTests(EmbeddedClusterFixture fixture, ITestOutputHelper output) : IClassFixture<EmbeddedClusterFixture>
{
    private const string Passphrase = "correct horse battery staple";
    private const int MaxFailures = 10; // UserOptions.MaxRecoveryFetchFailures, the shipped default

    [Fact]
    public Task A_stranger_without_the_passphrase_gets_nothing_and_the_owner_still_recovers() => fixture.RunAsync(output, async world =>
    {
        var alice = await world.UserAsync("alice", devices: 1);
        await alice[0].StoreRecoveryBundleAsync(alice.User, Passphrase);
        var channel = world.Cluster.Channel;
        var raw = new Raw(channel).Accounts;

        // Guesses: the client's own path with a wrong passphrase, and raw random access keys; and for comparison the
        // same request about a user that does not exist.
        var wrong = await Assert.ThrowsAsync<WickrClientException>(
            () => WickrAccounts.FetchRecoveryBundleAsync(channel, alice.Root, "password1", world.Options()));
        var wrongKey = new List<(RpcException Error, double Ms)>();
        var unknownUser = new List<(RpcException Error, double Ms)>();
        for (var i = 0; i < 4; i++)
        {
            wrongKey.Add(await RefusedAsync(raw, alice.Root));
            unknownUser.Add(await RefusedAsync(raw, RandomNumberGenerator.GetBytes(32)));
        }

        Assert.Equal(StatusCode.PermissionDenied, wrong.StatusCode);
        var answers = wrongKey.Concat(unknownUser).Select(r => (r.Error.StatusCode, r.Error.Status.Detail)).Append((wrong.StatusCode, wrong.Detail)).Distinct().ToList();
        Assert.Single(answers);
        world.Log($"recovery: {wrongKey.Count + 1} wrong guesses and {unknownUser.Count} unknown-user fetches, one answer: {answers[0]}");
        world.Log($"recovery: median latency wrong key {Median(wrongKey):F1} ms vs unknown user {Median(unknownUser):F1} ms");

        // The owner, on a new machine, with the passphrase: the same root keys, and a device that works.
        using var restored = await WickrAccounts.FetchRecoveryBundleAsync(channel, alice.Root, Passphrase, world.Options());
        Assert.Equal(alice.User.RootKeys.Encode(), restored.RootKeys.Encode());
        var newDevice = await world.DeviceAsync(restored);
        await newDevice.ConnectAsync();

        // The stranger keeps guessing: cut off at the limit, and then even a right guess would not be answered.
        var attempts = 1 + wrongKey.Count;
        StatusCode last;
        do
        {
            attempts++;
            last = (await RefusedAsync(raw, alice.Root)).Error.StatusCode;
        }
        while (last == StatusCode.PermissionDenied && attempts < 3 * MaxFailures);
        Assert.Equal(StatusCode.ResourceExhausted, last);
        Assert.Equal(MaxFailures + 1, attempts);
        world.Log($"recovery: the stranger was cut off at attempt {attempts} (limit {MaxFailures} failures per user per window)");
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
