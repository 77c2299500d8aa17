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

    // One sender may fill a whole mailbox here, so the cap tests read as before; the per-sender share is tested with
    // the shipped share in AbuseLimitsTests (SqliteLimitsClusterFixture).
    public static void Mailbox(MailboxOptions o)
    {
        o.MaxQueuedPackets = MaxQueuedPackets;
        o.MaxQueuedBytes = MaxQueuedBytes;
        o.MaxPacketBytes = MaxPacketBytes;
        o.MaxSenderShare = 1;
        o.MaxStrangerShare = 1;
    }

    // The defaults: the pool tests check the shipped numbers (1,000 keys, batches of 100, low-water 100, burst 20),
    // except the pool-wide ceiling, which the race tests' thousand claims would hit; AbuseLimitsTests checks it.
    public static void EphemeralKeyPool(EphemeralKeyPoolOptions o)
    {
        o.PoolClaimBurst = 1_000_000;
        o.PoolShare = 1000;
        o.ClaimerShare = 1000;
    }

    public static void User(UserOptions o) => o.MaxNodes = MaxNodes;

    // A file is charged its size here, so the quota tests read in bytes; AbuseLimitsTests checks the minimum charge and
    // the upload limits with the shipped numbers.
    public static void Files(FilesOptions o) => o.MinChargeBytes = 1;
}
