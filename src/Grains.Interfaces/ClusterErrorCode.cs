namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// Why a grain refused a call, or why a call to a grain failed on its way (<see cref="ClusterFailures"/>); the gateway maps
/// each code to a gRPC status.
/// </summary>
[Alias("wickr.cluster-error-code.v1")]
public enum ClusterErrorCode
{
    /// <summary>An argument is missing, has the wrong size or format; nothing was changed.</summary>
    InvalidArgument = 1,

    /// <summary>The user, node, packet, key or bundle does not exist.</summary>
    NotFound = 2,

    /// <summary>The thing already exists with different content (e.g. a root registered with another key).</summary>
    Conflict = 3,

    /// <summary>The caller may not act on this object (e.g. a node that belongs to another root).</summary>
    PermissionDenied = 4,

    /// <summary>
    /// The node's mailbox has reached its packet or byte cap, or the sender its share of either; the packet was not
    /// stored. The message never tells which, nor any counter.
    /// </summary>
    MailboxFull = 5,

    /// <summary>The ephemeral key pool would exceed its cap; no key of the batch was stored.</summary>
    PoolFull = 6,

    /// <summary>An ephemeral key id is at or below one already seen for the node.</summary>
    KeyIdNotIncreasing = 7,

    /// <summary>
    /// The caller acts faster than allowed (claims on a pool, sends, recovery fetches); <see cref="ClusterException.RetryAfter"/>
    /// says when to try again.
    /// </summary>
    RateLimited = 8,

    /// <summary>A value (packet, bundle, batch) exceeds its size cap.</summary>
    TooLarge = 9,

    /// <summary>A count limit other than a size was reached (e.g. nodes per user).</summary>
    LimitExceeded = 10,

    /// <summary>The cluster could not carry the call (a silo gone or unreachable, a gateway too busy); retry shortly.</summary>
    Unavailable = 11,

    /// <summary>The cluster did not answer in time; the call may or may not have taken effect.</summary>
    Timeout = 12,

    /// <summary>A concurrent change interfered (a storage write lost its race); nothing was changed, retry.</summary>
    Aborted = 13,

    /// <summary>An unexpected failure, logged where it happened; the message says nothing more.</summary>
    Internal = 14,
}
