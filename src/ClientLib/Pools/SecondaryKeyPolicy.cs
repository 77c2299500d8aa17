namespace Wickr.Cluster.ClientLib.Pools;

/// <summary>
/// How a device runs its secondary key pools: the one-time keys it hands to each contact device inside its own
/// messages, which no stranger can claim from the server.
/// </summary>
public sealed record SecondaryKeyPolicy
{
    /// <summary>Keys a contact device should hold for this device; each send tops it up to this. Default 4.</summary>
    public int KeysPerContact { get; init; } = 4;

    /// <summary>Most contact devices one packet hands keys to (the payload is shared by all recipients). Default 16.</summary>
    public int MaxHandoutNodesPerPacket { get; init; } = 16;

    /// <summary>Most private halves the owner keeps; above it no more keys are handed out. Default 4,096.</summary>
    public int MaxOwnKeys { get; init; } = 4096;

    /// <summary>Most keys kept for one contact device; the oldest go first. Default 16.</summary>
    public int MaxKeysPerPeer { get; init; } = 16;

    /// <summary>Most contact devices keys are kept for; a new one pushes out the one heard from longest ago. Default 4,096.</summary>
    public int MaxPeers { get; init; } = 4096;

    /// <summary>
    /// A received key is used only this long after it arrived, and the owner hands out a replacement once it is this
    /// old. Default 7 days.
    /// </summary>
    public TimeSpan UseWithin { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long the owner keeps a private half unused: <see cref="UseWithin"/> plus the time a packet may wait in a
    /// mailbox (the cluster's default retention, 30 days), so a late packet still decrypts. Default 37 days.
    /// </summary>
    public TimeSpan KeepPrivateFor { get; init; } = TimeSpan.FromDays(37);

    internal void Validate()
    {
        if (KeysPerContact < 0 || MaxHandoutNodesPerPacket < 0 || MaxOwnKeys < 0 || MaxKeysPerPeer < 1 || MaxPeers < 1)
        {
            throw new ArgumentException("secondary key counts must not be negative and a peer holds at least one key");
        }

        if (UseWithin <= TimeSpan.Zero || KeepPrivateFor < UseWithin)
        {
            throw new ArgumentException("secondary keys are usable for a positive time and kept privately at least that long");
        }
    }
}
