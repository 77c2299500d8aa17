using Wickr.Cluster.Grains.Hosting;

namespace Wickr.Cluster.Grains.Tests.Fixtures;

/// <summary>
/// The SQLite cluster with the shipped abuse limits (per-sender share of a mailbox, pool-wide claim ceiling) on top of
/// the small test mailbox, so that a share is reached in a few enqueues.
/// </summary>
public sealed class SqliteLimitsClusterFixture : SqliteClusterFixture
{
    /// <inheritdoc/>
    protected override void ConfigureGrains(ISiloBuilder silo) =>
        silo.AddWickrGrains(
            o =>
            {
                TestLimits.Mailbox(o);
                o.MaxSenderShare = new MailboxOptions().MaxSenderShare;
                o.MaxStrangerShare = new MailboxOptions().MaxStrangerShare;
            },
            _ => { },
            TestLimits.User);
}
