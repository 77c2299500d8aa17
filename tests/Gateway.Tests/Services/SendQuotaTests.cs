using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;

namespace Wickr.Cluster.Gateway.Tests.Services;

/// <summary>
/// Through the gateway: a user spreading packets over many users' mailboxes is held to its quota of packets stored in
/// all of them, sends on a lease included (they skip the sender grain, not the mailbox); a refused copy is
/// RESOURCE_EXHAUSTED for its node alone, saying the quota is spent; the victims still get other users' packets, and
/// what they acknowledge is the sender's room again.
/// </summary>
[Collection(MailboxQuotaCollection.Name)]
public sealed class SendQuotaTests(MailboxQuotaFixture fixture)
{
    private const int BodyBytes = 10 * 1024;

    private TestClients Clients => fixture.Clients;

    [Fact]
    public async Task A_sender_past_its_quota_is_refused_per_recipient_others_still_get_in_and_an_ack_gives_the_room_back()
    {
        var attacker = await Clients.NewDeviceAsync();
        var victims = new List<TestDevice>();
        long stored = 0;
        var refused = false;
        while (!refused)
        {
            Assert.True(victims.Count < 16, "the quota never refused a copy");
            var victim = await Clients.NewDeviceAsync();
            victims.Add(victim);
            var request = Request(attacker, victim);
            var delivery = (await Clients.Messages.SendPacketAsync(request, attacker.Headers)).Deliveries.Single();
            if (stored + request.Packet.Length <= MailboxQuotaFixture.QuotaBytes)
            {
                Assert.Equal(0, delivery.ErrorCode);
                stored += request.Packet.Length;
                continue;
            }

            Assert.Equal((int)StatusCode.ResourceExhausted, delivery.ErrorCode);
            Assert.Contains("quota", delivery.ErrorMessage, StringComparison.Ordinal);
            refused = true;
        }

        var last = victims[^1];
        Assert.Equal(0, await Clients.CountQueuedAsync(last));

        // Another user's packet reaches the same victim.
        var friend = await Clients.NewDeviceAsync();
        Assert.Equal(0, (await Clients.SendAsync(friend, last)).Deliveries.Single().ErrorCode);

        // Two victims read and acknowledge the attacker's packets: the attacker's send to the last one now goes through.
        foreach (var reader in victims.Take(2))
        {
            var page = (await Clients.Messages.FetchPacketsAsync(new FetchPacketsRequest(), reader.Headers)).Packets;
            var ack = new AckRequest();
            ack.Sequences.Add(page.Select(p => p.Sequence));
            await Clients.Messages.AckAsync(ack, reader.Headers);
        }

        Assert.Equal(0, (await Clients.Messages.SendPacketAsync(Request(attacker, last), attacker.Headers)).Deliveries.Single().ErrorCode);
        Assert.Equal(2, await Clients.CountQueuedAsync(last));
    }

    private static SendPacketRequest Request(TestDevice sender, TestDevice recipient)
    {
        var request = new SendPacketRequest
        {
            MessageId = Guid.NewGuid().ToString("N"),
            Packet = ByteString.CopyFrom(sender.PacketTo(recipient, BodyBytes)),
        };
        request.RecipientNodeIdentifiers.Add(ByteString.CopyFrom(recipient.NodeIdentifier));
        return request;
    }
}
