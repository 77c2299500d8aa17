using System.Text;
using Wickr.Cluster.ClientLib.Client;

namespace Wickr.Cluster.EndToEnd.Tests.Harness;

/// <summary>Waiting for messages, with a deadline so a missing message fails the test instead of hanging it.</summary>
internal static class Receiving
{
    public static async Task<ReceivedMessage> NextAsync(this WickrClient client, TimeSpan? patience = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? World.Patience);
        try
        {
            return await client.ReceiveAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"device {client.NodeIdentifierHex[..8]} received nothing within {patience ?? World.Patience}");
        }
    }

    public static async Task<List<ReceivedMessage>> TakeAsync(this WickrClient client, int count, TimeSpan? patience = null)
    {
        var messages = new List<ReceivedMessage>(count);
        for (var i = 0; i < count; i++)
        {
            messages.Add(await client.NextAsync(patience));
        }
        return messages;
    }

    public static string Text(this ReceivedMessage message) => Encoding.UTF8.GetString(message.Message.Body);

    /// <summary>
    /// Sends a fence from <paramref name="sender"/> to <paramref name="to"/> and checks that on every device in
    /// <paramref name="devices"/> the next message is that fence: nothing extra (no duplicate) was queued before it.
    /// </summary>
    public static async Task AssertNothingElseQueuedAsync(World world, WickrClient sender, IReadOnlyCollection<byte[]> to, params WickrClient[] devices)
    {
        var fence = world.Text("fence");
        var result = await sender.SendAsync(to, fence);
        Assert.True(result.AllQueued, string.Join("; ", result.Failures));
        foreach (var device in devices)
        {
            var next = await device.NextAsync();
            Assert.Equal(result.MessageId, next.MessageId);
        }
    }
}
