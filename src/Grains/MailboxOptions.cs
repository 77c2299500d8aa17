using Wickr.Cluster.Contracts;
namespace Wickr.Cluster.Grains;

/// <summary>Limits of a node's mailbox. Bound from configuration section <c>Mailbox</c> by the silo.</summary>
public sealed class MailboxOptions
{
    /// <summary>How long an unacknowledged packet is kept. Default 30 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Most packets one mailbox holds. Default 100,000.</summary>
    public int MaxQueuedPackets { get; set; } = 100_000;

    /// <summary>Most bytes one mailbox holds. Default 256 MiB.</summary>
    public long MaxQueuedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Largest single packet. Default 256 KiB.</summary>
    public int MaxPacketBytes { get; set; } = 256 * 1024;

    /// <summary>Longest message id (visible ASCII). Default 128.</summary>
    public int MaxMessageIdLength { get; set; } = 128;

    /// <summary>Most packets one read returns. Default 500.</summary>
    public int MaxReadBatch { get; set; } = 500;

    /// <summary>Most sequences one acknowledgement carries. Default 500.</summary>
    public int MaxAckBatch { get; set; } = 500;

    /// <summary>How often, at most, an active mailbox deletes expired packets. Default 1 minute.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a doorbell subscription lasts without renewal. Default 2 minutes.</summary>
    public TimeSpan SubscriptionLifetime { get; set; } = TimeSpan.FromMinutes(2);

    internal IEnumerable<string> Validate()
    {
        if (Retention <= TimeSpan.Zero) yield return "Mailbox:Retention must be positive.";
        if (MaxQueuedPackets < 1) yield return "Mailbox:MaxQueuedPackets must be at least 1.";
        if (MaxPacketBytes < 1) yield return "Mailbox:MaxPacketBytes must be at least 1.";
        if (MaxQueuedBytes < MaxPacketBytes) yield return "Mailbox:MaxQueuedBytes must be at least MaxPacketBytes.";
        if (MaxMessageIdLength < 1) yield return "Mailbox:MaxMessageIdLength must be at least 1.";
        if (MaxReadBatch < 1) yield return "Mailbox:MaxReadBatch must be at least 1.";
        if (MaxAckBatch < 1) yield return "Mailbox:MaxAckBatch must be at least 1.";
        if (ExpirySweepInterval < TimeSpan.Zero) yield return "Mailbox:ExpirySweepInterval must not be negative.";
        if (SubscriptionLifetime <= TimeSpan.Zero) yield return "Mailbox:SubscriptionLifetime must be positive.";
    }
}
