using System.Collections.Concurrent;
using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.Protocol.Trust;

/// <summary>
/// Identity pinning (trust on first use): the first root seen for a user is pinned; a later, different root for the
/// same user is reported as <see cref="PinStatus.Mismatch"/> and never replaces the pin silently.
/// A user is named by the root identifier IDr.
/// </summary>
public sealed class TrustStore
{
    private readonly ConcurrentDictionary<string, byte[]> _pins = new(StringComparer.Ordinal);

    /// <summary>Compares <paramref name="root"/> with the pin for its user, pinning it on first contact.</summary>
    public PinStatus Check(RootIdentity root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var presented = root.PublicKey.ToArray();
        var pinned = _pins.GetOrAdd(root.IdentifierHex, presented);
        if (ReferenceEquals(pinned, presented))
        {
            return PinStatus.FirstContact;
        }

        return pinned.AsSpan().SequenceEqual(presented) ? PinStatus.Matches : PinStatus.Mismatch;
    }

    /// <summary>The pinned root public key of a user, or null when none is pinned.</summary>
    public byte[]? PinnedRoot(string rootIdentifierHex) => _pins.TryGetValue(rootIdentifierHex, out var pinned) ? (byte[])pinned.Clone() : null;

    /// <summary>Replaces a pin after the user verified the new root out of band (for example by comparing fingerprints).</summary>
    public void Repin(RootIdentity root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _pins[root.IdentifierHex] = root.PublicKey.ToArray();
    }

    /// <summary>Every pin, for encrypted local storage.</summary>
    public IReadOnlyDictionary<string, byte[]> Export() => _pins.ToDictionary(p => p.Key, p => (byte[])p.Value.Clone(), StringComparer.Ordinal);

    /// <summary>Restores pins from <see cref="Export"/>.</summary>
    public void Import(IReadOnlyDictionary<string, byte[]> pins)
    {
        ArgumentNullException.ThrowIfNull(pins);
        foreach (var (user, root) in pins)
        {
            _pins[user] = (byte[])root.Clone();
        }
    }
}
