namespace Wickr.Cluster.Grains.Storage;

/// <summary>
/// Packet bodies a silo holds in memory by their <see cref="PacketBodyHash"/>, so the mailboxes of a wide send read
/// a body once, not once per node: a room message's packet is read by every online device's stream right after it was
/// appended to all their mailboxes. Bounded by bytes; the oldest body goes first. Safe to share because a body is
/// found by the hash of its own bytes (never by a sender's id) and a packet's bytes never change once they arrive.
/// </summary>
/// <param name="maxBytes">Bytes held at most, each body counted with <see cref="EntryOverhead"/>; 0 holds none.</param>
internal sealed class PacketBodyCache(long maxBytes)
{
    /// <summary>
    /// What each body is counted above its length (its hash, table and queue entries): a flood of one-byte packets
    /// fills the bound with as few entries as its memory allows, not with millions.
    /// </summary>
    public const int EntryOverhead = 128;

    private readonly Dictionary<byte[], byte[]> _bodies = new(HashComparer.Instance);
    private readonly Queue<byte[]> _order = new();
    private readonly Lock _gate = new();
    private long _bytes;

    /// <summary>Bytes held now, each body counted with <see cref="EntryOverhead"/>.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>The body stored under <paramref name="hash"/>, when it is held.</summary>
    public bool TryGet(byte[] hash, out byte[] body)
    {
        lock (_gate)
        {
            return _bodies.TryGetValue(hash, out body!);
        }
    }

    /// <summary>Holds <paramref name="body"/> under <paramref name="hash"/> (its SHA-256), dropping the oldest bodies to stay within the bound.</summary>
    public void Add(byte[] hash, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(body);
        if (Charge(body) > maxBytes)
        {
            return;
        }

        lock (_gate)
        {
            if (!_bodies.TryAdd(hash, body))
            {
                return;
            }

            _order.Enqueue(hash);
            _bytes += Charge(body);
            while (_bytes > maxBytes && _order.TryDequeue(out var oldest))
            {
                if (_bodies.Remove(oldest, out var dropped))
                {
                    _bytes -= Charge(dropped);
                }
            }
        }
    }

    private static long Charge(byte[] body) => (long)body.Length + EntryOverhead;

    // Keys are SHA-256 outputs: their first bytes are already uniform.
    private sealed class HashComparer : IEqualityComparer<byte[]>
    {
        public static readonly HashComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] hash) => hash.Length >= sizeof(int) ? BitConverter.ToInt32(hash) : hash.Length;
    }
}
