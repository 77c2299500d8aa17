using System.Globalization;
using Wickr.Cluster.EndToEnd.Tests.Harness;

namespace Wickr.Cluster.EndToEnd.Tests.Hostile;

/// <summary>
/// The resident memory (VmRSS) of a test cluster's silo process (the host under the harness's watchdog), read from /proc.
/// </summary>
internal static class SiloMemory
{
    public static long ResidentBytes(TestCluster cluster)
    {
        var pid = FindSilo(cluster);
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kib = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS.");
    }

    /// <summary>Lets the silo settle (a few GCs run on its own schedule) and reads the lowest of a few samples.</summary>
    public static async Task<long> SettledResidentBytesAsync(TestCluster cluster)
    {
        var lowest = long.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            await Task.Delay(200);
            lowest = Math.Min(lowest, ResidentBytes(cluster));
        }

        return lowest;
    }

    public static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    private static int FindSilo(TestCluster cluster) =>
        cluster.Silo.HostProcessId ?? throw new InvalidOperationException($"The silo of {cluster.ServiceId} is not running.");
}
