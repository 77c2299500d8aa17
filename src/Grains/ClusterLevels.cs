using System.Diagnostics.Metrics;

namespace Wickr.Cluster.Grains;

/// <summary>
/// How full the cluster's pools and mailboxes are, as histograms on the meter <see cref="ClusterMetrics.MeterName"/>.
/// No attributes: never a grain key, user or node identifier.
/// </summary>
public static class ClusterLevels
{
    private static readonly Meter Meter = new(ClusterMetrics.MeterName);

    /// <summary>One-time keys in a pool when a claim arrives (0: the claimer gets the last-resort key, if any).</summary>
    public static readonly Histogram<long> PoolSizeAtClaim = Meter.CreateHistogram(
        "wickr.ephemeral_keys.pool_size", "{key}", "One-time keys in the pool when a claim arrives.",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] });

    /// <summary>Packets queued in a mailbox after each stored packet.</summary>
    public static readonly Histogram<long> MailboxDepth = Meter.CreateHistogram(
        "wickr.mailbox.depth", "{packet}", "Packets queued in the mailbox after a packet is stored.",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 10, 100, 1_000, 10_000, 50_000, 100_000] });

    /// <summary>
    /// The fuller of a mailbox's two limits (packets, bytes) after each stored packet, 0 to 1: near 1 the next sender
    /// hears "mailbox full".
    /// </summary>
    public static readonly Histogram<double> MailboxFill = Meter.CreateHistogram(
        "wickr.mailbox.fill", "1", "Share of the mailbox's packet or byte limit in use after a packet is stored (the larger).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1] });

    /// <summary>How long each packet had waited in its mailbox when a device read it.</summary>
    public static readonly Histogram<double> PacketAgeAtRead = Meter.CreateHistogram(
        "wickr.mailbox.packet_age", "s", "How long a packet had waited in the mailbox when a device read it.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 1, 10, 60, 600, 3_600, 86_400, 604_800, 2_592_000] });

    /// <summary>
    /// Writes (appends, acks, claims, grain states) committed together by the embedded store's one writer: group
    /// commit at work. Near 1 under load, each write pays for a commit and an fsync of its own.
    /// </summary>
    public static readonly Histogram<long> WritesPerCommit = Meter.CreateHistogram(
        "wickr.storage.commit.writes", "{write}", "Writes committed together in one transaction of the embedded store.",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
}
