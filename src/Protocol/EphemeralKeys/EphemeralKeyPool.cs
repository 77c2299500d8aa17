using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.Protocol.EphemeralKeys;

/// <summary>
/// A device's pool of ephemeral key pairs (KEn, PKEn). It makes signed keys with unique, increasing ids for
/// upload, hands a private key back by id when a packet arrives, and deletes a one-time key once it was used,
/// so a packet can never be decrypted twice (forward secrecy). The last-resort key, handed out by the server
/// only when the pool is empty, is kept until it is replaced.
/// </summary>
public sealed class EphemeralKeyPool : IEphemeralPrivateKeys, IDisposable
{
    /// <summary>Most keys one <see cref="Generate"/> call makes.</summary>
    public const int MaxBatch = 1000;

    private readonly ICryptoSuite _suite;
    private readonly EcKeyPair _nodeKey;
    private readonly Dictionary<ulong, EcKeyPair> _oneTime = [];
    private readonly object _gate = new();
    private (ulong Id, EcKeyPair Key)? _lastResort;

    /// <summary>A pool for the node whose signing key is <paramref name="nodeKey"/>; ids start at <paramref name="nextKeyId"/>.</summary>
    public EphemeralKeyPool(ICryptoSuite suite, EcKeyPair nodeKey, ulong nextKeyId = 1)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(nodeKey);
        if (nextKeyId == 0)
        {
            throw new WickrException(WickrError.InvalidArgument, "ephemeral key ids start at 1");
        }

        _suite = suite;
        _nodeKey = nodeKey;
        NextKeyId = nextKeyId;
    }

    /// <summary>The id the next generated key gets; persisted with the pool so ids never repeat.</summary>
    public ulong NextKeyId { get; private set; }

    /// <summary>How many one-time private keys the device holds.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _oneTime.Count;
            }
        }
    }

    /// <summary>The id of the current last-resort key, if any.</summary>
    public ulong? LastResortKeyId
    {
        get
        {
            lock (_gate)
            {
                return _lastResort?.Id;
            }
        }
    }

    /// <summary>Makes <paramref name="count"/> one-time keys signed by the node key; returns their public halves for upload.</summary>
    public IReadOnlyList<SignedEphemeralKey> Generate(int count)
    {
        if (count is < 1 or > MaxBatch)
        {
            throw new WickrException(WickrError.InvalidArgument, $"generate 1 to {MaxBatch} keys at a time, not {count}");
        }

        var result = new List<SignedEphemeralKey>(count);
        for (var i = 0; i < count; i++)
        {
            var (id, key) = NewKey();
            lock (_gate)
            {
                _oneTime[id] = key;
            }

            result.Add(Sign(id, key));
        }

        return result;
    }

    /// <summary>Makes a new last-resort key, replacing (and deleting) the previous one; returns its public half for upload.</summary>
    public SignedEphemeralKey GenerateLastResort()
    {
        var (id, key) = NewKey();
        lock (_gate)
        {
            _lastResort?.Key.Dispose();
            _lastResort = (id, key);
        }

        return Sign(id, key);
    }

    /// <summary>Adds an existing private key (restored from local storage). Ids must not repeat.</summary>
    public void Import(ulong keyId, EcKeyPair key, bool lastResort = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_oneTime.ContainsKey(keyId) || _lastResort?.Id == keyId)
            {
                throw new WickrException(WickrError.InvalidArgument, $"ephemeral key {keyId} is already in the pool");
            }

            if (lastResort)
            {
                _lastResort?.Key.Dispose();
                _lastResort = (keyId, key);
            }
            else
            {
                _oneTime[keyId] = key;
            }

            NextKeyId = Math.Max(NextKeyId, keyId + 1);
        }
    }

    /// <inheritdoc />
    public EcKeyPair? Find(ulong keyId)
    {
        lock (_gate)
        {
            if (_oneTime.TryGetValue(keyId, out var key))
            {
                return key;
            }

            return _lastResort is { } lastResort && lastResort.Id == keyId ? lastResort.Key : null;
        }
    }

    /// <inheritdoc />
    public void MarkUsed(ulong keyId)
    {
        lock (_gate)
        {
            if (_oneTime.Remove(keyId, out var key))
            {
                key.Dispose();
            }
        }
    }

    /// <summary>Deletes every private key.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var key in _oneTime.Values)
            {
                key.Dispose();
            }

            _oneTime.Clear();
            _lastResort?.Key.Dispose();
            _lastResort = null;
        }
    }

    private (ulong Id, EcKeyPair Key) NewKey()
    {
        var key = _suite.GenerateKeyPair();
        lock (_gate)
        {
            return (NextKeyId++, key);
        }
    }

    private SignedEphemeralKey Sign(ulong id, EcKeyPair key)
        => new(id, key.PublicKey, _suite.Sign(_nodeKey, key.PublicKey.Encoded));
}
