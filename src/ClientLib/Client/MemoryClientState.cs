using Wickr.Cluster.Protocol.EphemeralKeys;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// The in-memory <see cref="IClientState"/>: keys live only in the pool, and the replay check remembers the last
/// few thousand signed-packet digests and (sender node, message id) pairs. Everything is lost with the process.
/// </summary>
public sealed class MemoryClientState : IClientState
{
    private readonly RecentMessageIds _recent;
    private readonly object _gate = new();

    /// <summary>A state remembering <paramref name="capacity"/> recent packets.</summary>
    public MemoryClientState(int capacity = 10_000) => _recent = new RecentMessageIds(capacity);

    /// <inheritdoc />
    public void EphemeralKeysIssued(EphemeralKeyPool pool, IReadOnlyList<ulong> keyIds, bool lastResort)
    {
    }

    /// <inheritdoc />
    public void EphemeralKeysDropped(IReadOnlyList<ulong> keyIds)
    {
    }

    /// <inheritdoc />
    public bool Accept(ReceivedMessage message, ReadOnlySpan<byte> signedPacketDigest, ulong ephemeralKeyId, bool lastResort)
    {
        ArgumentNullException.ThrowIfNull(message);
        var digest = "packet/" + Convert.ToHexStringLower(signedPacketDigest);
        lock (_gate)
        {
            if (!_recent.Add(digest, string.Empty))
            {
                return false;
            }
            return _recent.Add(message.SenderNodeIdentifierHex, message.MessageId);
        }
    }
}
