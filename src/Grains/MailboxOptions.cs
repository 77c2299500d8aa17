using Wickr.Cluster.Configuration;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Grains;

/// <summary>Limits of a node's mailbox. Bound from configuration section <c>Grains:Mailbox</c> by the silo.</summary>
public sealed class MailboxOptions : IValidatableOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Grains:Mailbox";

    /// <summary>How long an unacknowledged packet is kept. Default 30 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Most packets one mailbox holds. Default 100,000.</summary>
    public int MaxQueuedPackets { get; set; } = 100_000;

    /// <summary>Most bytes one mailbox holds. Default 256 MiB.</summary>
    public long MaxQueuedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// The most one sender (user) may hold of a mailbox, as a fraction of both <see cref="MaxQueuedPackets"/> and
    /// <see cref="MaxQueuedBytes"/>, so no stranger can fill anyone's mailbox. Default 0.1 (10 %).
    /// </summary>
    public double MaxSenderShare { get; set; } = 0.1;

    /// <summary>
    /// The most all strangers together may hold of a mailbox, as a fraction of both <see cref="MaxQueuedPackets"/> and
    /// <see cref="MaxQueuedBytes"/>: a stranger is a sender whose user the recipient's user has never sent to
    /// (<c>IContactsGrain</c>), so many free accounts share one slice and the rest stays for contacts. Default 0.25.
    /// </summary>
    public double MaxStrangerShare { get; set; } = 0.25;

    /// <summary>
    /// Most bytes of packets one sending user (all its nodes) keeps in all recipients' mailboxes together, each recipient
    /// node's copy counted, until they are acknowledged or expire; a packet beyond it is refused (LimitExceeded) for that
    /// recipient. Default 256 MiB: what one mailbox holds, so a user with many accounts' worth of nodes, or mailing many
    /// users' nodes, cannot keep more than that stored for <see cref="Retention"/>.
    /// </summary>
    public long QuotaBytesPerUser { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// What a recipient node's mailbox takes from a sender's quota at once (a grant, charged at once) and then spends packet
    /// by packet without asking the quota again, so a send costs no extra grain call. A packet larger than this takes a
    /// grant of its own size. Unspent room goes back when the grant's <see cref="QuotaGrantLifetime"/> ends. Default 64 KiB.
    /// </summary>
    public long QuotaGrantBytes { get; set; } = 64 * 1024;

    /// <summary>How long a mailbox may spend a quota grant (at most 1 hour). Default 1 minute.</summary>
    public TimeSpan QuotaGrantLifetime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Most contacts (users sent to) remembered per user; the oldest is forgotten beyond it. Default 10,000.</summary>
    public int MaxContacts { get; set; } = 10_000;

    /// <summary>
    /// How long a mailbox keeps the answer that a sender is a stranger before it asks its user's contacts again: a
    /// stranger's group message, which reaches many nodes of each recipient user, then asks each user's contacts once
    /// per node and interval, not at every packet. A user who starts writing to a stranger has that sender counted as
    /// a contact within this time (until then the sender's packets go on counting against the strangers' share).
    /// 0 to 1 hour; 0 asks at every packet. Default 30 seconds.
    /// </summary>
    public TimeSpan StrangerRecheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Largest single packet: 1 to <see cref="ProtocolLimits.MaxPacketBytes"/> (255 KiB), the default. The one
    /// packet-size setting: the gateway refuses only what exceeds the protocol's limit, and a node grain refuses a
    /// larger packet than this (TooLarge) for its own node.
    /// </summary>
    public int MaxPacketBytes { get; set; } = ProtocolLimits.MaxPacketBytes;

    /// <summary>
    /// Most packets one read returns, whatever the reader asks for: a read is clamped to this, never refused for its
    /// size, and readers go on until a read is empty. Default 500.
    /// </summary>
    public int MaxReadBatch { get; set; } = 500;

    /// <summary>How often, at most, an active mailbox deletes expired packets. Default 1 minute.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a doorbell subscription lasts without renewal. Default 2 minutes.</summary>
    public TimeSpan SubscriptionLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Most packets one sender may hold of a mailbox (at least 1).</summary>
    internal int MaxSenderPackets => Math.Max(1, (int)(MaxQueuedPackets * MaxSenderShare));

    /// <summary>Most bytes one sender may hold of a mailbox (at least one largest packet).</summary>
    internal long MaxSenderBytes => Math.Max(MaxPacketBytes, (long)(MaxQueuedBytes * MaxSenderShare));

    /// <summary>Most packets all strangers together may hold of a mailbox (at least 1).</summary>
    internal int MaxStrangerPackets => Math.Max(1, (int)(MaxQueuedPackets * MaxStrangerShare));

    /// <summary>Most bytes all strangers together may hold of a mailbox (at least one largest packet).</summary>
    internal long MaxStrangerBytes => Math.Max(MaxPacketBytes, (long)(MaxQueuedBytes * MaxStrangerShare));

    /// <inheritdoc/>
    public IEnumerable<string> Validate()
    {
        if (Retention <= TimeSpan.Zero) yield return "Retention must be positive.";
        if (MaxQueuedPackets < 1) yield return "MaxQueuedPackets must be at least 1.";
        if (MaxPacketBytes < 1 || MaxPacketBytes > ProtocolLimits.MaxPacketBytes)
        {
            yield return $"MaxPacketBytes must be 1 to {ProtocolLimits.MaxPacketBytes} (the protocol's limit).";
        }

        if (MaxQueuedBytes < MaxPacketBytes) yield return "MaxQueuedBytes must be at least MaxPacketBytes.";
        if (!(MaxSenderShare > 0) || MaxSenderShare > 1) yield return "MaxSenderShare must be above 0 and at most 1.";
        if (!(MaxStrangerShare > 0) || MaxStrangerShare > 1) yield return "MaxStrangerShare must be above 0 and at most 1.";
        if (QuotaBytesPerUser < MaxPacketBytes) yield return "QuotaBytesPerUser must be at least MaxPacketBytes.";
        if (QuotaGrantBytes < 1 || QuotaGrantBytes > QuotaBytesPerUser) yield return "QuotaGrantBytes must be 1 to QuotaBytesPerUser.";
        if (QuotaGrantLifetime <= TimeSpan.Zero || QuotaGrantLifetime > TimeSpan.FromHours(1)) yield return "QuotaGrantLifetime must be positive and at most 1 hour.";
        if (StrangerRecheckInterval < TimeSpan.Zero || StrangerRecheckInterval > TimeSpan.FromHours(1)) yield return "StrangerRecheckInterval must be 0 to 1 hour.";
        if (MaxContacts < 1) yield return "MaxContacts must be at least 1.";
        if (MaxReadBatch < 1) yield return "MaxReadBatch must be at least 1.";
        if (ExpirySweepInterval < TimeSpan.Zero) yield return "ExpirySweepInterval must not be negative.";
        if (SubscriptionLifetime <= TimeSpan.Zero) yield return "SubscriptionLifetime must be positive.";
    }
}
