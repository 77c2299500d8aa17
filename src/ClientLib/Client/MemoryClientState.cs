using System.Security.Cryptography;
using Wickr.Cluster.Protocol.EphemeralKeys;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// The in-memory <see cref="IClientState"/> and <see cref="IMessageStore"/>: keys live only in the pool, the replay
/// check remembers the last few thousand signed-packet digests and (sender node, message id) pairs, and received
/// messages are held until their deadline (<see cref="MessageLifetime"/>). A timer on the injected
/// <see cref="TimeProvider"/> deletes a message when its deadline passes even if nobody looks; deletion zeroes the
/// body. Everything is lost with the process.
/// </summary>
public sealed class MemoryClientState : IClientState, IDisposable
{
    private readonly RecentMessageIds _recent;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly SortedDictionary<long, StoredMessage> _messages = [];
    private readonly ITimer _timer;
    private bool _disposed;

    /// <summary>A state on <paramref name="timeProvider"/>'s clock (the system's by default) remembering <paramref name="capacity"/> recent packets.</summary>
    public MemoryClientState(TimeProvider? timeProvider = null, int capacity = 10_000)
    {
        _time = timeProvider ?? TimeProvider.System;
        _recent = new RecentMessageIds(capacity);
        _timer = _time.CreateTimer(_ => Purge(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                return _messages.Values.Count(m => Alive(m, now));
            }
        }
    }

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
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_recent.Add(digest, string.Empty) || !_recent.Add(message.SenderNodeIdentifierHex, message.MessageId))
            {
                return false;
            }
            if (!_messages.ContainsKey(message.Sequence))
            {
                // The store's own copy: the caller's arrays stay the caller's, and deletion zeroes only this one.
                var arrived = StoredMessage.Arrived(message);
                _messages[message.Sequence] = arrived with { Body = (byte[])arrived.Body.Clone(), ChannelTag = (byte[])arrived.ChannelTag.Clone() };
                Reschedule();
            }
            return true;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredMessage> List(long afterSequence = 0, int maxCount = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        Purge();
        lock (_gate)
        {
            return [.. _messages.Values.Where(m => m.Sequence > afterSequence).Take(maxCount)];
        }
    }

    /// <inheritdoc />
    public StoredMessage? Find(long sequence)
    {
        lock (_gate)
        {
            return _messages.TryGetValue(sequence, out var message) && Alive(message, _time.GetUtcNow()) ? message : null;
        }
    }

    /// <inheritdoc />
    /// <remarks>The message returned is the store's: its body is zeroed when the message is deleted.</remarks>
    public StoredMessage? Read(long sequence)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (!_messages.TryGetValue(sequence, out var message) || !Alive(message, now))
            {
                return null;
            }
            if (message.ReadAt is null)
            {
                message = message with { ReadAt = now, DeleteAt = MessageLifetime.DeleteAt(message, now) };
                _messages[sequence] = message;
                Reschedule();
            }
            return message;
        }
    }

    /// <inheritdoc />
    public bool Delete(long sequence)
    {
        StoredMessage? removed;
        lock (_gate)
        {
            if (!_messages.Remove(sequence, out removed))
            {
                return false;
            }
            Reschedule();
        }
        Zero(removed);
        return true;
    }

    /// <inheritdoc />
    public int Purge()
    {
        List<StoredMessage> removed;
        lock (_gate)
        {
            if (_disposed)
            {
                return 0;
            }
            var now = _time.GetUtcNow();
            removed = [.. _messages.Values.Where(m => !Alive(m, now))];
            foreach (var message in removed)
            {
                _messages.Remove(message.Sequence);
            }
            Reschedule();
        }
        removed.ForEach(Zero);
        return removed.Count;
    }

    /// <summary>Zeroes and drops every message and stops the timer.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            foreach (var message in _messages.Values)
            {
                Zero(message);
            }
            _messages.Clear();
        }
        _timer.Dispose();
    }

    private static bool Alive(StoredMessage message, DateTimeOffset now) => message.DeleteAt is not { } at || at > now;

    private static void Zero(StoredMessage message)
    {
        CryptographicOperations.ZeroMemory(message.Body);
        CryptographicOperations.ZeroMemory(message.ChannelTag);
    }

    // Called under the lock: the timer fires at the next deadline.
    private void Reschedule()
    {
        if (_disposed)
        {
            return;
        }
        var next = _messages.Values.Select(m => m.DeleteAt).Where(d => d is not null).Min();
        if (next is { } at)
        {
            var due = at - _time.GetUtcNow();
            _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }
}
