namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// Bytes charged to a sending user's mailbox quota (<see cref="IMailboxQuotaGrain"/>) and when they lapse: a queued
/// packet's copy (its size, lapsing when the packet expires) or what a mailbox holds of a grant unspent.
/// </summary>
/// <param name="ExpiresAt">When the charge lapses by itself: the packet's enqueue time plus retention, or the grant's <see cref="MailboxQuotaGrant.ExpiresAt"/>.</param>
/// <param name="Bytes">The bytes charged (at least 1).</param>
[Alias("wickr.mailbox-charge.v1")]
[GenerateSerializer, Immutable]
public sealed record MailboxCharge(
    [property: Id(0)] DateTimeOffset ExpiresAt,
    [property: Id(1)] long Bytes)
{
    /// <summary>
    /// The hour a charge expiring at <paramref name="expiresAt"/> lapses at, in whole hours since 0001-01-01 UTC: the end
    /// of the hour the expiry falls in. A quota keeps its charges by it, so charges of one hour may be summed into one.
    /// </summary>
    /// <param name="expiresAt">When the charge expires.</param>
    public static long LapseHour(DateTimeOffset expiresAt) => (expiresAt.UtcTicks + TimeSpan.TicksPerHour - 1) / TimeSpan.TicksPerHour;

    /// <summary>The charges of <paramref name="bytes"/> lapsing at <paramref name="lapseHour"/> (<see cref="LapseHour"/>).</summary>
    /// <param name="lapseHour">The hour, as <see cref="LapseHour"/> gives it.</param>
    /// <param name="bytes">The bytes charged.</param>
    public static MailboxCharge AtLapseHour(long lapseHour, long bytes) => new(new DateTimeOffset(lapseHour * TimeSpan.TicksPerHour, TimeSpan.Zero), bytes);
}
