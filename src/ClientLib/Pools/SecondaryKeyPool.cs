using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.ClientLib.Pools;

/// <summary>
/// The owner's side of the paper's secondary key pools: private halves of one-time keys this device handed to
/// contact devices inside its own (encrypted) messages, never published on the server, so no stranger can claim
/// them. Ids live in their own space (top bit set) so they never meet the published pool's. Like any one-time key,
/// a private half is deleted once a packet was decrypted with it; an unused one is deleted after
/// <see cref="SecondaryKeyPolicy.KeepPrivateFor"/>.
/// </summary>
public sealed class SecondaryKeyPool : IEphemeralPrivateKeys, ISecondaryKeyState<SecondaryPrivateKey>, IDisposable
{
    /// <summary>The first secondary key id; published pool ids stay below it.</summary>
    public const ulong IdBase = 1UL << 63;

    private readonly ICryptoSuite _suite;
    private readonly EcKeyPair _nodeKey;
    private readonly TimeProvider _time;
    private readonly SecondaryKeyPolicy _policy;
    private readonly Dictionary<ulong, SecondaryPrivateKey> _keys = [];
    private readonly object _gate = new();

    /// <summary>A pool for the node whose signing key is <paramref name="nodeKey"/> (which stays the caller's).</summary>
    public SecondaryKeyPool(ICryptoSuite suite, EcKeyPair nodeKey, TimeProvider time, SecondaryKeyPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(nodeKey);
        ArgumentNullException.ThrowIfNull(time);
        _suite = suite;
        _nodeKey = nodeKey;
        _time = time;
        _policy = policy ?? new SecondaryKeyPolicy();
        _policy.Validate();
    }

    /// <inheritdoc />
    public event EventHandler? Changed;

    /// <summary>The id the next key gets; persisted with the pool so ids never repeat.</summary>
    public ulong NextKeyId { get; private set; } = IdBase;

    /// <summary>How many private halves are held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _keys.Count;
            }
        }
    }

    /// <summary>
    /// Restores the id counter a device store saved (ids never go back, even for keys already used and deleted).
    /// Throws InvalidArgument for an id outside the secondary space.
    /// </summary>
    public void RestoreNextKeyId(ulong nextKeyId)
    {
        if (!IsSecondaryId(nextKeyId))
        {
            throw new WickrException(WickrError.InvalidArgument, $"key id {nextKeyId} is not in the secondary id space");
        }

        lock (_gate)
        {
            NextKeyId = Math.Max(NextKeyId, nextKeyId);
        }
    }

    /// <summary>True for an id in the secondary space.</summary>
    public static bool IsSecondaryId(ulong keyId) => keyId >= IdBase;

    /// <summary>
    /// Fresh signed keys for <paramref name="peerNodeHex"/>, enough that it holds <see cref="SecondaryKeyPolicy.KeysPerContact"/>
    /// usable ones (keys handed out within <see cref="SecondaryKeyPolicy.UseWithin"/> and not yet used count as held).
    /// Empty when it holds enough or this pool is at its cap. Private halves older than
    /// <see cref="SecondaryKeyPolicy.KeepPrivateFor"/> are deleted on the way.
    /// </summary>
    public IReadOnlyList<SignedEphemeralKey> HandOut(string peerNodeHex)
    {
        ArgumentException.ThrowIfNullOrEmpty(peerNodeHex);
        var now = _time.GetUtcNow();
        int wanted;
        lock (_gate)
        {
            ForgetExpired(now);
            var held = _keys.Values.Count(k => k.PeerNodeHex == peerNodeHex && now - k.IssuedAt < _policy.UseWithin);
            wanted = Math.Min(_policy.KeysPerContact - held, _policy.MaxOwnKeys - _keys.Count);
        }

        if (wanted <= 0)
        {
            return [];
        }

        var handed = new List<SignedEphemeralKey>(wanted);
        for (var i = 0; i < wanted; i++)
        {
            var key = _suite.GenerateKeyPair();
            ulong id;
            lock (_gate)
            {
                id = NextKeyId++;
                _keys[id] = new SecondaryPrivateKey(id, key, peerNodeHex, now);
            }

            handed.Add(new SignedEphemeralKey(id, key.PublicKey, _suite.Sign(_nodeKey, key.PublicKey.Encoded)));
        }

        Changed?.Invoke(this, EventArgs.Empty);
        return handed;
    }

    /// <summary>How many keys <paramref name="peerNodeHex"/> was handed and has not used yet.</summary>
    public int OutstandingFor(string peerNodeHex)
    {
        lock (_gate)
        {
            return _keys.Values.Count(k => k.PeerNodeHex == peerNodeHex);
        }
    }

    /// <inheritdoc />
    public EcKeyPair? Find(ulong keyId)
    {
        lock (_gate)
        {
            return _keys.TryGetValue(keyId, out var entry) ? entry.Key : null;
        }
    }

    /// <summary>
    /// The private key with id <paramref name="keyId"/> if it was handed to <paramref name="peerNodeHex"/>, else null:
    /// a key is honoured only from the contact it was handed to, so another recipient of the same message cannot
    /// spend it (which would leave the rightful contact's packet undecryptable).
    /// </summary>
    public EcKeyPair? FindFor(ulong keyId, string peerNodeHex)
    {
        lock (_gate)
        {
            return _keys.TryGetValue(keyId, out var entry) && entry.PeerNodeHex == peerNodeHex ? entry.Key : null;
        }
    }

    /// <inheritdoc />
    public void MarkUsed(ulong keyId)
    {
        bool removed;
        lock (_gate)
        {
            removed = _keys.Remove(keyId, out var entry);
            entry?.Key.Dispose();
        }

        if (removed)
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<SecondaryPrivateKey> Export()
    {
        lock (_gate)
        {
            return [.. _keys.Values.OrderBy(k => k.KeyId)];
        }
    }

    /// <inheritdoc />
    public void Import(SecondaryPrivateKey entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!IsSecondaryId(entry.KeyId))
        {
            throw new WickrException(WickrError.InvalidArgument, $"key {entry.KeyId} is not in the secondary id space");
        }

        lock (_gate)
        {
            if (!_keys.TryAdd(entry.KeyId, entry))
            {
                throw new WickrException(WickrError.InvalidArgument, $"secondary key {entry.KeyId} is already in the pool");
            }

            NextKeyId = Math.Max(NextKeyId, entry.KeyId + 1);
        }
    }

    /// <summary>Deletes every private half.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _keys.Values)
            {
                entry.Key.Dispose();
            }

            _keys.Clear();
        }
    }

    private void ForgetExpired(DateTimeOffset now)
    {
        foreach (var entry in _keys.Values.Where(k => now - k.IssuedAt >= _policy.KeepPrivateFor).ToList())
        {
            _keys.Remove(entry.KeyId);
            entry.Key.Dispose();
        }
    }
}
