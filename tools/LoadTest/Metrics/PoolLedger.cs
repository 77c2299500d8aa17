using System.Collections.Concurrent;

namespace Wickr.Cluster.LoadTest.Metrics;

/// <summary>
/// Pool levels of the recipient devices as this tool sees them: set to the server's count whenever a device reads
/// or uploads to its pool, lowered by every one-time key a sender of this run claims. Exact while this run is the
/// only claimer; against a shared cluster, other claimers make it read high until the next upload.
/// </summary>
internal sealed class PoolLedger
{
    private readonly ConcurrentDictionary<string, int> _levels = new(StringComparer.Ordinal);

    /// <summary>Starts tracking a recipient device.</summary>
    public void Track(string nodeHex) => _levels.TryAdd(nodeHex, 0);

    /// <summary>The server said this is the count.</summary>
    public void Set(string nodeHex, int count)
    {
        if (_levels.ContainsKey(nodeHex))
        {
            _levels[nodeHex] = count;
        }
    }

    /// <summary>One one-time key of the node was claimed.</summary>
    public void Claimed(string nodeHex) => _levels.AddOrUpdate(nodeHex, 0, (_, level) => Math.Max(0, level - 1));

    /// <summary>The lowest, 10th percentile and median level now.</summary>
    public PoolLevels Snapshot()
    {
        var levels = _levels.Values.Order().ToArray();
        if (levels.Length == 0)
        {
            return new PoolLevels(0, 0, 0);
        }
        return new PoolLevels(levels[0], levels[(int)Math.Floor(0.1 * (levels.Length - 1))], levels[(levels.Length - 1) / 2]);
    }
}
