namespace Wickr.Cluster.Protocol.Trust;

/// <summary>How a root compares with the root pinned for its user.</summary>
public enum PinStatus
{
    /// <summary>No pin is consulted (the caller passed none).</summary>
    NotChecked,

    /// <summary>First contact: the root was pinned now.</summary>
    FirstContact,

    /// <summary>The root is the pinned one.</summary>
    Matches,

    /// <summary>The user presents a different root than the one pinned: not authenticated.</summary>
    Mismatch,
}
