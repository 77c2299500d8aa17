using System.Text;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Bench.Fixtures;

/// <summary>A sender and its recipient devices (64 at most, 1,500 for the wide encode), made once per benchmark process.</summary>
internal sealed class Population : IDisposable
{
    public const int MaxRecipients = 64;

    public Population(ICryptoSuite suite, int recipients)
    {
        Sender = new Device(suite, ephemeralKeyId: 1);
        Recipients = [.. Enumerable.Range(0, recipients).Select(i => new Device(suite, ephemeralKeyId: (ulong)(100 + i)))];
        PacketSender = new PacketSender(Sender.Chain, Sender.NodeKey);
    }

    /// <summary>A 256-byte text body with a one-day TTL: a typical chat message.</summary>
    public static PlainMessage Message { get; } = new(
        new PacketMetadata(86_400, 0, Encoding.UTF8.GetBytes("bench-channel"), 1000),
        Encoding.UTF8.GetBytes(new string('m', 256)));

    public Device Sender { get; }

    public Device[] Recipients { get; }

    public PacketSender PacketSender { get; }

    public void Dispose()
    {
        Sender.Dispose();
        foreach (var recipient in Recipients)
        {
            recipient.Dispose();
        }
    }
}
