namespace Wickr.Cluster.Grains.Nodes;

/// <summary>One sending user's mailbox quota: the bytes charged, in buckets by the hour the charges lapse.</summary>
[Alias("wickr.mailbox-quota-state.v1")]
[GenerateSerializer]
internal sealed class MailboxQuotaState
{
    /// <summary>
    /// Bytes charged by the hour they lapse, counted in whole hours since 0001-01-01 UTC (the end of the hour the charge's
    /// expiry falls in). At most retention plus one grant lifetime's worth of hours, some hundreds of entries.
    /// </summary>
    [Id(0)]
    public Dictionary<long, long> Buckets { get; set; } = [];
}
