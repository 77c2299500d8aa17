namespace Wickr.Cluster.ClientLib.Client;

/// <summary>Profiles for callers inside the library (the device store's contacts, verification and device list).</summary>
public sealed partial class WickrClient
{
    /// <summary>A user's profile (root and every node's chain), from the cache unless <paramref name="refresh"/>.</summary>
    internal Task<PeerProfile> GetUserProfileAsync(byte[] rootIdentifier, bool refresh, CancellationToken cancellationToken)
        => _profiles.GetAsync(rootIdentifier, refresh, cancellationToken);
}
