using Google.Protobuf;
using Wickr.Cluster.Api.V1;

namespace Wickr.Cluster.Gateway.Tests.Fixtures;

/// <summary>The usual steps of a device, through the gateway's API.</summary>
internal static class Flows
{
    /// <summary>Registers a new user (or <paramref name="user"/>) and a new device of it, and authenticates the device.</summary>
    public static async Task<TestDevice> NewDeviceAsync(this TestClients clients, TestUser? user = null, bool authenticate = true)
    {
        user ??= new TestUser();
        await clients.Accounts.RegisterUserAsync(user.RegisterRequest());
        var device = user.NewDevice();
        await clients.Accounts.RegisterNodeAsync(user.RegisterNodeRequest(device, clients.Time.GetUtcNow()));
        if (authenticate)
        {
            await clients.AuthenticateAsync(device);
        }

        return device;
    }

    /// <summary>Challenge, node-key signature, token.</summary>
    public static async Task AuthenticateAsync(this TestClients clients, TestDevice device)
    {
        var challenge = await clients.Auth.CreateChallengeAsync(
            new CreateChallengeRequest { NodeIdentifier = ByteString.CopyFrom(device.NodeIdentifier) });
        var token = await clients.Auth.CreateTokenAsync(new CreateTokenRequest
        {
            NodeIdentifier = ByteString.CopyFrom(device.NodeIdentifier),
            Nonce = challenge.Nonce,
            Signature = ByteString.CopyFrom(device.SignChallenge(challenge.Nonce.Span)),
        });
        device.Token = token.Token;
    }

    /// <summary>Generates <paramref name="count"/> keys on the device's pool and uploads them.</summary>
    public static async Task<PoolStatus> UploadKeysAsync(this TestClients clients, TestDevice device, int count)
    {
        var request = new UploadKeysRequest();
        request.Keys.AddRange(device.Pool.Generate(count).Select(TestDevice.ToProto));
        return (await clients.Keys.UploadKeysAsync(request, device.Headers)).Status;
    }

    /// <summary>How many packets wait for <paramref name="device"/>: fetched page by page as the device would, none acknowledged.</summary>
    public static async Task<int> CountQueuedAsync(this TestClients clients, TestDevice device)
    {
        var count = 0;
        long after = 0;
        while (true)
        {
            var page = (await clients.Messages.FetchPacketsAsync(new FetchPacketsRequest { AfterSequence = after }, device.Headers)).Packets;
            if (page.Count == 0)
            {
                return count;
            }

            count += page.Count;
            after = page[^1].Sequence;
        }
    }

    /// <summary>Sends a real packet from <paramref name="sender"/> to <paramref name="recipients"/>.</summary>
    public static async Task<SendPacketResponse> SendAsync(
        this TestClients clients, TestDevice sender, TestDevice recipient, string? messageId = null, int bodyBytes = 100)
    {
        var request = new SendPacketRequest
        {
            MessageId = messageId ?? Guid.NewGuid().ToString("N"),
            Packet = ByteString.CopyFrom(sender.PacketTo(recipient, bodyBytes)),
        };
        request.RecipientNodeIdentifiers.Add(ByteString.CopyFrom(recipient.NodeIdentifier));
        return await clients.Messages.SendPacketAsync(request, sender.Headers);
    }
}
