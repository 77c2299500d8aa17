using Wickr.Cluster.Grains.Hosting;

namespace Wickr.Cluster.Grains.Tests.Fixtures;

/// <summary>The SQLite cluster with a file sweep interval of a year: no ticker asks the retention sweeper during a test, the test does.</summary>
public sealed class SqliteQuietSweepClusterFixture : SqliteClusterFixture
{
    /// <summary>The sweep interval of every silo.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromDays(365);

    /// <inheritdoc/>
    protected override void ConfigureGrains(ISiloBuilder silo) =>
        silo.AddWickrGrains(TestLimits.Mailbox, TestLimits.EphemeralKeyPool, TestLimits.User, files: o =>
        {
            TestLimits.Files(o);
            o.SweepInterval = SweepInterval;
        });
}
