using System.Diagnostics.Metrics;

namespace Wickr.Cluster.Grains;

/// <summary>
/// The cluster's own counters, on the meter <see cref="MeterName"/>. They carry no attributes: never a grain key,
/// user or node identifier.
/// </summary>
public static class ClusterMetrics
{
    /// <summary>The meter name to enable in OpenTelemetry.</summary>
    public const string MeterName = "Wickr.Cluster";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Packets stored in a mailbox (duplicates not counted).</summary>
    public static readonly Counter<long> PacketsEnqueued =
        Meter.CreateCounter<long>("wickr.packets.enqueued", "{packet}", "Packets stored in a mailbox.");

    /// <summary>Packets deleted because the device acknowledged them.</summary>
    public static readonly Counter<long> PacketsAcked =
        Meter.CreateCounter<long>("wickr.packets.acked", "{packet}", "Packets acknowledged and deleted.");

    /// <summary>Packets deleted unacknowledged after the retention period.</summary>
    public static readonly Counter<long> PacketsExpired =
        Meter.CreateCounter<long>("wickr.packets.expired", "{packet}", "Packets deleted after the retention period.");

    /// <summary>Enqueues refused because a mailbox was full.</summary>
    public static readonly Counter<long> MailboxFullRejections =
        Meter.CreateCounter<long>("wickr.mailbox.full", "{packet}", "Enqueues refused because the mailbox was full.");

    /// <summary>One-time ephemeral keys handed to a claimer.</summary>
    public static readonly Counter<long> EphemeralKeysClaimed =
        Meter.CreateCounter<long>("wickr.ephemeral_keys.claimed", "{key}", "One-time ephemeral keys claimed.");

    /// <summary>Last-resort keys handed out because a pool was empty.</summary>
    public static readonly Counter<long> LastResortHandOuts =
        Meter.CreateCounter<long>("wickr.ephemeral_keys.last_resort", "{key}", "Last-resort keys handed out from empty pools.");

    /// <summary>Signals to a node that its pool fell below the low-water mark.</summary>
    public static readonly Counter<long> LowPoolSignals =
        Meter.CreateCounter<long>("wickr.ephemeral_keys.low_signals", "{signal}", "Low-pool signals sent to nodes.");

    /// <summary>Claims refused by the per-claiming-user or per-pool rate limit.</summary>
    public static readonly Counter<long> ClaimsRateLimited =
        Meter.CreateCounter<long>("wickr.ephemeral_keys.rate_limited", "{claim}", "Claims refused by the rate limit.");

    /// <summary>File uploads refused at their start: the user's upload rate, file count or quota.</summary>
    public static readonly Counter<long> UploadsRefused =
        Meter.CreateCounter<long>("wickr.files.uploads_refused", "{upload}", "Uploads refused by the user's upload rate, file count or quota.");

    /// <summary>Sends refused by a sender's node or user budget.</summary>
    public static readonly Counter<long> SendsRateLimited =
        Meter.CreateCounter<long>("wickr.sends.rate_limited", "{send}", "Sends refused by the sender's rate limit.");

    /// <summary>Enqueues refused because the sender already holds its whole share of the recipient's mailbox.</summary>
    public static readonly Counter<long> SenderShareRejections =
        Meter.CreateCounter<long>("wickr.mailbox.sender_share_full", "{packet}", "Enqueues refused by the per-sender mailbox share.");

    /// <summary>Enqueues refused because the sender's quota of mailbox storage, across all mailboxes, is spent.</summary>
    public static readonly Counter<long> SenderQuotaRejections =
        Meter.CreateCounter<long>("wickr.mailbox.sender_quota_spent", "{packet}", "Enqueues refused by the sender's mailbox storage quota.");
}
