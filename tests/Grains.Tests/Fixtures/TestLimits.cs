using Wickr.Cluster.Contracts;
namespace Wickr.Cluster.Grains.Tests.Fixtures;

/// <summary>The limits every test cluster runs with: small enough that caps are reached in a test.</summary>
public static class TestLimits
{
    public const int MaxQueuedPackets = 10_000;
    public const long MaxQueuedBytes = 1024 * 1024;
    public const int MaxPacketBytes = 64 * 1024;
    public const int MaxNodes = 4;

    public static readonly TimeSpan Retention = new MailboxOptions().Retention;
    public static readonly TimeSpan SubscriptionLifetime = new MailboxOptions().SubscriptionLifetime;

    public static void Mailbox(MailboxOptions o)
    {
        o.MaxQueuedPackets = MaxQueuedPackets;
        o.MaxQueuedBytes = MaxQueuedBytes;
        o.MaxPacketBytes = MaxPacketBytes;
    }

    // The defaults: the pool tests check the shipped numbers (1,000 keys, batches of 100, low-water 100, burst 20).
    public static void EphemeralKeyPool(EphemeralKeyPoolOptions o)
    {
    }

    public static void User(UserOptions o) => o.MaxNodes = MaxNodes;
}
