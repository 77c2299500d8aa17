namespace Wickr.Cluster.LoadTest.Memory;

/// <summary>What <c>wickr-load device-memory</c> registers and how long it waits.</summary>
/// <param name="Devices">Registered devices, each its own user.</param>
/// <param name="Keys">One-time keys each device publishes (plus its last-resort key).</param>
/// <param name="ActiveShare">Share of the devices that are active in the last phase (0-1).</param>
/// <param name="IdleAge">The silo's Silo:ActivationIdleAge for the run.</param>
/// <param name="ActiveSeconds">How long the active devices receive traffic before the last reading.</param>
/// <param name="Parallelism">Devices registered at once.</param>
internal sealed record DeviceMemoryOptions(int Devices, int Keys, double ActiveShare, TimeSpan IdleAge, int ActiveSeconds, int Parallelism)
{
    /// <summary>The active devices: at least one.</summary>
    public int Active => Math.Max(1, (int)Math.Round(Devices * ActiveShare));

    public IEnumerable<string> Problems()
    {
        if (Devices is < 1 or > 10_000_000) yield return "--devices must be 1 to 10,000,000";
        if (Keys is < 1 or > 1000) yield return "--keys must be 1 to 1000";
        if (ActiveShare is < 0 or > 1 || double.IsNaN(ActiveShare)) yield return "--active must be a share, e.g. 1%";
        if (IdleAge < TimeSpan.FromMinutes(1)) yield return "--idle-age must be at least 1m (the silo's lowest Silo:ActivationIdleAge)";
        if (ActiveSeconds is < 1 or > 3600) yield return "--active-seconds must be 1 to 3600";
        if (Parallelism is < 1 or > 64) yield return "--parallel must be 1 to 64";
    }
}
