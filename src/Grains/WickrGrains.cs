namespace Wickr.Cluster.Grains;

/// <summary>Names the grains depend on; each storage backend registers its services under them.</summary>
public static class WickrGrains
{
    /// <summary>The Orleans grain storage provider name every grain's persistent state uses.</summary>
    public const string StorageName = "wickr";

    /// <summary>
    /// The service key of the <see cref="TimeProvider"/> the grains read (retention, rate limits, subscriptions).
    /// Keyed so that a test can fake the grains' clock without faking the Orleans runtime's.
    /// </summary>
    public const string TimeProviderKey = "wickr";
}
