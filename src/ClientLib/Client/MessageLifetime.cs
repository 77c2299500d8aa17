namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// The one lifetime rule of a received message, for every <see cref="IMessageStore"/>: the time to live counts from the
/// send time the sender signed (in a <see cref="TextBody"/> or <see cref="FileBody"/>; never later than this device received it, and from
/// receipt when the body carries none), burn-on-read from the first read; the earlier deadline wins.
/// </summary>
internal static class MessageLifetime
{
    /// <summary>When <paramref name="message"/> is deleted, given when it was first read (null: not yet); null for never.</summary>
    public static DateTimeOffset? DeleteAt(StoredMessage message, DateTimeOffset? firstReadAt)
    {
        var expiresAt = ExpiresAt(message.SentAt, message.ReceivedAt, message.TimeToLive);
        var burnsAt = firstReadAt is { } readAt ? After(readAt, message.BurnOnRead) : null;
        return (expiresAt, burnsAt) switch
        {
            ({ } e, { } b) => e < b ? e : b,
            ({ } e, null) => e,
            (null, { } b) => b,
            _ => null,
        };
    }

    private static DateTimeOffset? ExpiresAt(DateTimeOffset? sentAt, DateTimeOffset receivedAt, ulong timeToLive)
        => After(sentAt is { } sent && sent < receivedAt ? sent : receivedAt, timeToLive);

    // Seconds from the metadata are 64-bit; a deadline beyond the calendar means "never".
    private static DateTimeOffset? After(DateTimeOffset from, ulong seconds)
    {
        if (seconds == 0)
        {
            return null;
        }
        var room = (DateTimeOffset.MaxValue - from).TotalSeconds;
        return seconds >= room ? null : from.AddSeconds(seconds);
    }
}
