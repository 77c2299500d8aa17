namespace Wickr.Cluster.LoadTest.Target;

/// <summary>
/// <c>--local-cluster SILOSxGATEWAYS</c>: the run starts Azurite, silo and standalone gateway processes of this
/// checkout on loopback (deploy/local/cluster's LocalCluster), the target of <c>--chaos</c>.
/// </summary>
/// <param name="Silos">Silo processes at the start.</param>
/// <param name="Gateways">Gateway processes.</param>
/// <param name="PreviousRelease">Start from the previous release's build (a <c>roll</c> then upgrades the silos).</param>
/// <param name="Logs">A folder that keeps the processes' logs, or null to remove them with the cluster.</param>
internal sealed record LocalClusterTarget(int Silos, int Gateways, bool PreviousRelease, string? Logs = null)
{
    /// <summary>Parses <c>3x2</c> (silos x gateways) or <c>3</c> (one gateway); null when it is neither.</summary>
    public static LocalClusterTarget? Parse(string text, bool previousRelease)
    {
        var parts = text.Split('x', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2
            || !int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var silos)
            || silos is < 1 or > 16)
        {
            return null;
        }
        var gateways = 1;
        if (parts.Length == 2 && (!int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out gateways) || gateways is < 1 or > 16))
        {
            return null;
        }
        return new LocalClusterTarget(silos, gateways, previousRelease);
    }

    public override string ToString() => $"local cluster of {Silos} silos and {Gateways} gateways" + (PreviousRelease ? " (previous release)" : "");
}
