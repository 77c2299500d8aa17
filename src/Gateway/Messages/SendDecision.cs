namespace Wickr.Cluster.Gateway.Messages;

/// <summary>What <see cref="SendAdmission.Decide"/> made of one send.</summary>
internal readonly struct SendDecision
{
    private SendDecision(SendRoute route, TimeSpan retryAfter, SendAdmission.Entry? lease, long leaseEpoch, int deliveries, long bytes)
    {
        Route = route;
        RetryAfter = retryAfter;
        Lease = lease;
        LeaseEpoch = leaseEpoch;
        Deliveries = deliveries;
        Bytes = bytes;
    }

    /// <summary>Where the send goes.</summary>
    public SendRoute Route { get; }

    /// <summary>For <see cref="SendRoute.Refuse"/>: how long until the refusal ends; otherwise zero.</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>For <see cref="SendRoute.Lease"/>: the node's entry whose lease paid, and which lease it was.</summary>
    internal SendAdmission.Entry? Lease { get; }

    internal long LeaseEpoch { get; }

    /// <summary>For <see cref="SendRoute.Lease"/>: what was taken from the lease.</summary>
    internal int Deliveries { get; }

    internal long Bytes { get; }

    public static SendDecision AskSender { get; } = new(SendRoute.AskSender, TimeSpan.Zero, null, 0, 0, 0);

    public static SendDecision Refuse(TimeSpan retryAfter) => new(SendRoute.Refuse, retryAfter, null, 0, 0, 0);

    internal static SendDecision OnLease(SendAdmission.Entry lease, int deliveries, long bytes) =>
        new(SendRoute.Lease, TimeSpan.Zero, lease, lease.LeaseEpoch, deliveries, bytes);
}
