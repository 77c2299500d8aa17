using Wickr.Cluster.Grains.Hosting;

namespace Wickr.Cluster.Grains.Tests.Fixtures;

/// <summary>
/// The SQLite cluster with a small per-user mailbox quota (<see cref="QuotaBytes"/>, granted to mailboxes
/// <see cref="GrantBytes"/> at a time) on top of the small test mailbox, so that a quota is spent in a few sends.
/// </summary>
public sealed class SqliteQuotaClusterFixture : SqliteClusterFixture
{
    /// <summary>What one sending user may keep stored in all mailboxes together.</summary>
    public const long QuotaBytes = 256 * 1024;

    /// <summary>What a mailbox takes from a sender's quota at once.</summary>
    public const long GrantBytes = 16 * 1024;

    /// <inheritdoc/>
    protected override void ConfigureGrains(ISiloBuilder silo) =>
        silo.AddWickrGrains(
            o =>
            {
                TestLimits.Mailbox(o);
                o.QuotaBytesPerUser = QuotaBytes;
                o.QuotaGrantBytes = GrantBytes;
            },
            TestLimits.EphemeralKeyPool,
            TestLimits.User);
}
