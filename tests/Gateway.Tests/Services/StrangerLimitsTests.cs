extern alias gateway;
using System.Globalization;
using System.Security.Cryptography;
using gateway::Wickr.Cluster.Gateway.Errors;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;
using Wickr.Cluster.Grains;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Gateway.Tests.Services;

/// <summary>
/// Through the gateway: a stranger's claims are limited per user (all its nodes share one budget), its sends per node
/// and user, and every limit answers RESOURCE_EXHAUSTED with a retry-after-ms the caller can act on.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class StrangerLimitsTests(GatewayFixture fixture)
{
    private TestClients Clients => fixture.Clients;

    [Fact]
    public async Task A_strangers_nodes_share_one_claim_budget_and_the_refusal_says_when_to_retry()
    {
        var victim = await Clients.NewDeviceAsync();
        await Clients.UploadKeysAsync(victim, TestLimits.PoolMaxKeys);

        await Clients.Keys.SetLastResortKeyAsync(
            new SetLastResortKeyRequest { Key = TestDevice.ToProto(victim.Pool.GenerateLastResort()) }, victim.Headers);
        var stranger = await Clients.NewDeviceAsync();
        var strangersOtherNode = await Clients.NewDeviceAsync(stranger.User);
        var claim = new ClaimKeysRequest { NodeIdentifiers = { ByteString.CopyFrom(victim.NodeIdentifier) } };

        for (var i = 0; i < TestLimits.ClaimBurst; i++)
        {
            var device = i % 2 == 0 ? stranger : strangersOtherNode;
            Assert.Equal(0, (await Clients.Keys.ClaimKeysAsync(claim, device.Headers)).Keys[0].ErrorCode);
        }

        foreach (var device in new[] { stranger, strangersOtherNode })
        {
            using var call = Clients.Keys.ClaimKeysAsync(claim, device.Headers);
            var limited = (await call).Keys[0];
            Assert.Equal((int)StatusCode.ResourceExhausted, limited.ErrorCode);
            Assert.Null(limited.Key);
            Assert.False(limited.LastResort);
            Assert.InRange(limited.RetryAfterMs, 1, (long)new EphemeralKeyPoolOptions().ClaimRefillInterval.TotalMilliseconds);
            var trailer = call.GetTrailers().GetValue(StatusMapping.RetryAfterTrailer);
            Assert.Equal(limited.RetryAfterMs, long.Parse(trailer!, CultureInfo.InvariantCulture));
        }

        // The victim keeps the rest, and other users still claim one-time keys.
        var friend = await Clients.NewDeviceAsync();
        var friendly = (await Clients.Keys.ClaimKeysAsync(claim, friend.Headers)).Keys[0];
        Assert.Equal(0, friendly.ErrorCode);
        Assert.False(friendly.LastResort);
        var left = (await Clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), victim.Headers)).Status.Count;
        Assert.Equal(TestLimits.PoolMaxKeys - TestLimits.ClaimBurst - 1, left);
    }

    [Fact]
    public async Task A_sender_over_its_budget_gets_resource_exhausted_with_retry_after_and_queues_nothing()
    {
        var budget = new SenderOptions().NodeDeliveryBurst;
        var flooder = await Clients.NewDeviceAsync();
        var victim = await Clients.NewDeviceAsync();
        var request = new SendPacketRequest { Packet = ByteString.CopyFrom(flooder.PacketTo(victim, 100)) };
        request.RecipientNodeIdentifiers.Add(ByteString.CopyFrom(victim.NodeIdentifier));
        for (var i = 1; i < TestLimits.MaxRecipients; i++)
        {
            // Made-up recipients cost the same budget as real ones.
            request.RecipientNodeIdentifiers.Add(ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)));
        }

        var sends = 0;
        RpcException? refused = null;
        while (refused is null && sends <= budget)
        {
            request.MessageId = $"flood-{sends}";
            try
            {
                await Clients.Messages.SendPacketAsync(request, flooder.Headers);
                sends++;
            }
            catch (RpcException ex)
            {
                refused = ex;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(budget / TestLimits.MaxRecipients, sends);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        var retryAfter = long.Parse(refused.Trailers.GetValue(StatusMapping.RetryAfterTrailer)!, CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60_000);
        Assert.Equal(sends, await Clients.CountQueuedAsync(victim));

        // Until the retry-after passes the gateway repeats the refusal itself: before the signature check (a forged
        // packet gets the same answer) and without carrying the packet to the silo.
        var forged = request.Clone();
        forged.MessageId = "flood-forged";
        forged.Packet = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(request.Packet.Length));
        var repeated = await Assert.ThrowsAsync<RpcException>(async () => await Clients.Messages.SendPacketAsync(forged, flooder.Headers));
        Assert.Equal(StatusCode.ResourceExhausted, repeated.StatusCode);
        Assert.InRange(long.Parse(repeated.Trailers.GetValue(StatusMapping.RetryAfterTrailer)!, CultureInfo.InvariantCulture), 1, retryAfter);

        // Once it has passed, the flooder's node is heard again: a forged packet is refused for what it is.
        fixture.Time.Advance(TimeSpan.FromMilliseconds(retryAfter));
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "packet:", () => Clients.Messages.SendPacketAsync(forged, flooder.Headers));
        Assert.Equal(sends, await Clients.CountQueuedAsync(victim));

        // Another user is not held to the flooder's budget.
        var friend = await Clients.NewDeviceAsync();
        Assert.Equal(0, (await Clients.SendAsync(friend, victim, "hello")).Deliveries[0].ErrorCode);
    }
}
