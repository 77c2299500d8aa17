namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// One sending user's quota of mailbox storage, keyed by the root grain key (<see cref="GrainKeys.ForRoot"/>): the bytes
/// of the packets its nodes have stored in all recipients' mailboxes together, each recipient node's copy counted. Kept
/// in buckets by the hour the charges lapse, so a charge whose release was lost (a crash, a silo gone) lapses by itself
/// when its packets' retention ends. Recipient node grains charge it in grants (<see cref="ReserveAsync"/>) they spend
/// packet by packet, and release what leaves their mailbox (<see cref="ReleaseAsync"/>), so a send costs no call here.
/// </summary>
[Alias("wickr.mailbox-quota.v1")]
public interface IMailboxQuotaGrain : IGrainWithStringKey
{
    /// <summary>
    /// Charges a grant of up to <paramref name="wantedBytes"/>, after giving back <paramref name="unspent"/>, what the caller
    /// holds of an earlier grant: at least <paramref name="leastBytes"/>, and beyond that at most a sixteenth of the room
    /// left, so that near the quota many mailboxes asking at once each get a little rather than a few getting it all.
    /// </summary>
    /// <param name="unspent">What is left of the caller's previous grant for this user, or null.</param>
    /// <param name="leastBytes">The packet to store now (at least 1 byte).</param>
    /// <param name="wantedBytes">The grant the caller would like (at least <paramref name="leastBytes"/>).</param>
    /// <exception cref="ClusterException">
    /// <see cref="ClusterErrorCode.LimitExceeded"/> when the quota has no room for <paramref name="leastBytes"/> (nothing is
    /// charged; <paramref name="unspent"/> is given back all the same).
    /// </exception>
    [Alias("reserve")]
    Task<MailboxQuotaGrant> ReserveAsync(MailboxCharge? unspent, long leastBytes, long wantedBytes);

    /// <summary>
    /// Gives back charges: packets acknowledged or removed, grants left unspent. Each comes off the bucket of its expiry
    /// (or the next few, where its grant's charge sits); one already lapsed is ignored.
    /// </summary>
    /// <param name="charges">What to give back.</param>
    [Alias("release")]
    Task ReleaseAsync(MailboxCharge[] charges);

    /// <summary>The bytes charged now (lapsed charges excluded).</summary>
    [Alias("get-used")]
    Task<long> GetUsedAsync();
}
