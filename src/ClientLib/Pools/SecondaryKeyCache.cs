using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.ClientLib.Pools;

/// <summary>
/// The receiving side of the secondary key pools: signed one-time public keys that contact devices handed to this
/// device in their messages, kept per contact node. A send to such a node takes one from here before it claims from
/// the server, so a drained public pool does not push known contacts onto the last-resort key, and no claim round
/// trip is needed. Each key is taken once; keys older than <see cref="SecondaryKeyPolicy.UseWithin"/> are dropped.
/// </summary>
public sealed class SecondaryKeyCache(TimeProvider time, SecondaryKeyPolicy? policy = null) : ISecondaryKeyState<SecondaryPublicKey>
{
    private readonly SecondaryKeyPolicy _policy = policy ?? new SecondaryKeyPolicy();
    private readonly Dictionary<string, List<SecondaryPublicKey>> _byPeer = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <inheritdoc />
    public event EventHandler? Changed;

    /// <summary>
    /// Keeps <paramref name="keys"/> for <paramref name="peerNodeHex"/>; the caller has checked each signature against
    /// that node's key. A key id already held is ignored; above <see cref="SecondaryKeyPolicy.MaxKeysPerPeer"/> the
    /// oldest go. Returns how many were added.
    /// </summary>
    public int Add(string peerNodeHex, IEnumerable<SignedEphemeralKey> keys)
    {
        ArgumentException.ThrowIfNullOrEmpty(peerNodeHex);
        ArgumentNullException.ThrowIfNull(keys);
        var now = time.GetUtcNow();
        var added = 0;
        lock (_gate)
        {
            if (!_byPeer.TryGetValue(peerNodeHex, out var held))
            {
                if (_byPeer.Count >= _policy.MaxPeers)
                {
                    // Strangers who write from many nodes cannot grow this without bound.
                    var stalest = _byPeer.MinBy(p => p.Value.Count == 0 ? DateTimeOffset.MinValue : p.Value[^1].ReceivedAt).Key;
                    _byPeer.Remove(stalest);
                }

                held = [];
                _byPeer[peerNodeHex] = held;
            }

            foreach (var key in keys)
            {
                if (!SecondaryKeyPool.IsSecondaryId(key.KeyId) || held.Exists(k => k.Key.KeyId == key.KeyId))
                {
                    continue;
                }

                held.Add(new SecondaryPublicKey(peerNodeHex, key, now));
                added++;
            }

            if (held.Count > _policy.MaxKeysPerPeer)
            {
                held.RemoveRange(0, held.Count - _policy.MaxKeysPerPeer);
            }

            if (held.Count == 0)
            {
                _byPeer.Remove(peerNodeHex);
            }
        }

        if (added > 0)
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }

        return added;
    }

    /// <summary>Takes (and forgets) the oldest usable key of <paramref name="peerNodeHex"/>, or null when none is held.</summary>
    public SignedEphemeralKey? TryTake(string peerNodeHex)
    {
        var now = time.GetUtcNow();
        SignedEphemeralKey? taken = null;
        lock (_gate)
        {
            if (_byPeer.TryGetValue(peerNodeHex, out var held))
            {
                held.RemoveAll(k => now - k.ReceivedAt >= _policy.UseWithin);
                if (held.Count > 0)
                {
                    taken = held[0].Key;
                    held.RemoveAt(0);
                }

                if (held.Count == 0)
                {
                    _byPeer.Remove(peerNodeHex);
                }
            }
        }

        if (taken is not null)
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }

        return taken;
    }

    /// <summary>How many keys are held for <paramref name="peerNodeHex"/> (usable or not yet dropped).</summary>
    public int CountFor(string peerNodeHex)
    {
        lock (_gate)
        {
            return _byPeer.TryGetValue(peerNodeHex, out var held) ? held.Count : 0;
        }
    }

    /// <summary>Forgets every key of <paramref name="peerNodeHex"/> (say, the node was removed from its user).</summary>
    public void Forget(string peerNodeHex)
    {
        bool removed;
        lock (_gate)
        {
            removed = _byPeer.Remove(peerNodeHex);
        }

        if (removed)
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<SecondaryPublicKey> Export()
    {
        lock (_gate)
        {
            return [.. _byPeer.Values.SelectMany(k => k)];
        }
    }

    /// <inheritdoc />
    public void Import(SecondaryPublicKey entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            if (!_byPeer.TryGetValue(entry.PeerNodeHex, out var held))
            {
                held = [];
                _byPeer[entry.PeerNodeHex] = held;
            }

            if (!held.Exists(k => k.Key.KeyId == entry.Key.KeyId))
            {
                held.Add(entry);
                held.Sort((a, b) => a.ReceivedAt.CompareTo(b.ReceivedAt));
            }
        }
    }
}
