using System.Diagnostics;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Wickr.Cluster.Protocol;
using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Hostile;

/// <summary>
/// Lock-out: a stranger with no credentials asks for thousands of challenges for a victim's node and answers them with
/// forged signatures. Challenges are stateless, so nothing of the victim's is used up: the victim still gets a token.
/// </summary>
[Trait("Category", "Slow")]
[Collection(DoorCollection.Name)]
public sealed class ChallengeLockOutTests(DoorClusterFixture fixture, ITestOutputHelper output)
{
    private const int Challenges = 10_000;

    [Fact]
    public Task Ten_thousand_challenges_and_forged_answers_by_a_stranger_leave_the_victim_able_to_log_in() => fixture.RunAsync(output, async w =>
    {
        var victim = await w.UserAsync("victim", 1);
        var friend = await w.UserAsync("friend", 1);
        var stranger = new Raw(w.Cluster.Channel);
        var node = ByteString.CopyFrom(victim[0].Device.Chain.Node.Identifier);
        using var strangerKey = Protocol.Crypto.EcKeyPair.Generate();

        var clock = Stopwatch.StartNew();
        var issued = 0;
        var refused = new Dictionary<StatusCode, int>();
        using var gate = new SemaphoreSlim(32);
        var nonces = await Task.WhenAll(Enumerable.Range(0, Challenges).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                var challenge = await stranger.Auth.CreateChallengeAsync(new CreateChallengeRequest { NodeIdentifier = node });
                Interlocked.Increment(ref issued);
                return challenge.Nonce;
            }
            catch (RpcException ex)
            {
                lock (refused)
                {
                    refused[ex.StatusCode] = refused.GetValueOrDefault(ex.StatusCode) + 1;
                }
                return ByteString.Empty;
            }
            finally
            {
                gate.Release();
            }
        }));
        w.Log($"stranger: {issued} of {Challenges} challenges issued for the victim's node in {clock.Elapsed.TotalSeconds:F1} s; refused: {refused.Count}");

        // Forged answers to a hundred of them: refused, and they burn nothing.
        var forgedRefused = 0;
        foreach (var nonce in nonces.Where(n => !n.IsEmpty).Take(100))
        {
            var forged = w.Recorder.Sign(strangerKey, RequestSignatures.Auth(node.Span, nonce.Span));
            try
            {
                await stranger.Auth.CreateTokenAsync(new CreateTokenRequest { NodeIdentifier = node, Nonce = nonce, Signature = ByteString.CopyFrom(forged) });
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
            {
                forgedRefused++;
            }
        }
        w.Log($"stranger: {forgedRefused} of 100 forged answers refused");
        Assert.Equal(100, forgedRefused);

        // The victim logs in: a fresh challenge, and even one of the stranger's nonces, buys it a token.
        var own = await stranger.Auth.CreateChallengeAsync(new CreateChallengeRequest { NodeIdentifier = node });
        foreach (var nonce in new[] { own.Nonce, nonces.First(n => !n.IsEmpty) })
        {
            var signature = w.Recorder.Sign(victim[0].Device.NodeKey, RequestSignatures.Auth(node.Span, nonce.Span));
            var token = await stranger.Auth.CreateTokenAsync(new CreateTokenRequest { NodeIdentifier = node, Nonce = nonce, Signature = ByteString.CopyFrom(signature) });
            Assert.False(string.IsNullOrEmpty(token.Token));
        }

        // ... and the victim's client still works end to end.
        var hello = w.Text("after the lock-out attempt");
        var sent = await friend[0].SendAsync(victim.Root, hello);
        Assert.True(sent.AllQueued, string.Join("; ", sent.Failures));
        Assert.Equal(hello.Body, (await victim[0].NextAsync()).Message.Body);
        Assert.Equal(Challenges, issued);
    });
}
