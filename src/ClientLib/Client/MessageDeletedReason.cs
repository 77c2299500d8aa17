namespace Wickr.Cluster.ClientLib.Client;

/// <summary>Why the local store deleted a message.</summary>
public enum MessageDeletedReason
{
    /// <summary>Its time to live ran out.</summary>
    Expired,
    /// <summary>Its burn-on-read time ran out after it was first read.</summary>
    Burned,
    /// <summary>The application deleted it.</summary>
    Removed,
}
