namespace Wickr.Cluster.Gateway.Auth;

/// <summary>
/// Fixed-window counters per source key, in one gateway's memory, with a bounded number of keys: when the table is
/// full the oldest window is dropped to make room, so a new source is always admitted (a full table never refuses
/// everyone; at worst an old source's count starts again).
/// </summary>
internal sealed class SourceWindows(int maxTracked)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _byKey = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _byAge = new();
    private readonly Lock _gate = new();

    /// <summary>Keys tracked now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byKey.Count;
            }
        }
    }

    /// <summary>
    /// Counts one event for every key of <paramref name="limits"/> when each is below its limit in its window, else
    /// counts nothing and returns false with the wait until the fullest window ends.
    /// </summary>
    public bool TryCount(IReadOnlyList<(string Key, int Limit)> limits, DateTimeOffset now, TimeSpan window, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        lock (_gate)
        {
            foreach (var (key, limit) in limits)
            {
                if (_byKey.TryGetValue(key, out var node) && node.Value.WindowEnds > now && node.Value.Count >= limit)
                {
                    retryAfter = TimeSpan.FromTicks(Math.Max(retryAfter.Ticks, (node.Value.WindowEnds - now).Ticks));
                }
            }

            if (retryAfter > TimeSpan.Zero)
            {
                return false;
            }

            foreach (var (key, _) in limits)
            {
                if (_byKey.TryGetValue(key, out var node) && node.Value.WindowEnds > now)
                {
                    node.Value.Count++;
                    continue;
                }

                if (node is not null)
                {
                    // A window that ended starts again, as the newest.
                    _byAge.Remove(node);
                    _byKey.Remove(key);
                }

                while (_byKey.Count >= maxTracked)
                {
                    _byKey.Remove(_byAge.First!.Value.Key);
                    _byAge.RemoveFirst();
                }

                _byKey[key] = _byAge.AddLast(new Entry(key, now + window) { Count = 1 });
            }

            return true;
        }
    }

    private sealed class Entry(string key, DateTimeOffset windowEnds)
    {
        public string Key { get; } = key;

        public DateTimeOffset WindowEnds { get; } = windowEnds;

        public int Count { get; set; }
    }
}
