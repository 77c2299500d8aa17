using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// The device's received messages, honouring their ephemerality: a message with a time to live is deleted that many
/// seconds after it was received; a burn-on-read message is deleted that many seconds after it was first read
/// (whichever comes first). Deletion zeroes the body. Time comes from the injected <see cref="TimeProvider"/>, which
/// also drives the timer that deletes messages when nobody looks. Held in memory; a store encrypted under Klds can
/// replace it without changing callers.
/// </summary>
public sealed class LocalMessageStore : IDisposable
{
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly SortedDictionary<long, Entry> _entries = [];
    private readonly ITimer _timer;
    private bool _disposed;

    /// <summary>A store on <paramref name="timeProvider"/>'s clock.</summary>
    public LocalMessageStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        _timer = timeProvider.CreateTimer(_ => DeleteExpired(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Raised after a message was deleted (outside the store's lock).</summary>
    public event EventHandler<MessageDeletedEventArgs>? Deleted;

    /// <summary>How many messages are held (expired ones included until the next look or timer tick).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Keeps a copy of <paramref name="message"/>; a message already held (same sequence) is ignored.</summary>
    public void Add(ReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var copy = message with { Message = new PlainMessage(message.Message.Metadata, (byte[])message.Message.Body.Clone()) };
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_entries.ContainsKey(message.Sequence))
            {
                CryptographicOperations.ZeroMemory(copy.Message.Body);
                return;
            }
            _entries[message.Sequence] = new Entry(copy, Deadline(message.ReceivedAt, message.Message.Metadata.TimeToLive));
        }
        DeleteExpired();
    }

    /// <summary>Every message still alive, in mailbox order. Listing does not count as reading.</summary>
    public IReadOnlyList<ReceivedMessage> List()
    {
        DeleteExpired();
        lock (_gate)
        {
            return [.. _entries.Values.Select(e => e.Message)];
        }
    }

    /// <summary>
    /// Reads a message: the first read starts its burn-on-read countdown. Null when it is not held (never was, or
    /// already expired or burned). The body is zeroed when the message is deleted.
    /// </summary>
    public ReceivedMessage? Read(long sequence)
    {
        DeleteExpired();
        ReceivedMessage? result = null;
        lock (_gate)
        {
            if (_entries.TryGetValue(sequence, out var entry))
            {
                if (entry.FirstReadAt is null)
                {
                    entry.FirstReadAt = _time.GetUtcNow();
                    entry.BurnAt = Deadline(entry.FirstReadAt.Value, entry.Message.Message.Metadata.BurnOnRead);
                }
                result = entry.Message;
            }
        }
        DeleteExpired();
        return result;
    }

    /// <summary>Marks a message read (starting its burn-on-read countdown) without returning it; false when not held.</summary>
    public bool MarkRead(long sequence) => Read(sequence) is not null;

    /// <summary>When the message will be deleted, if it has a deadline yet; null when not held or when it has none.</summary>
    public DateTimeOffset? DeletesAt(long sequence)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(sequence, out var entry) ? entry.DeleteAt : null;
        }
    }

    /// <summary>Deletes a message now; false when it was not held.</summary>
    public bool Delete(long sequence)
    {
        Entry? removed;
        lock (_gate)
        {
            if (!_entries.Remove(sequence, out removed))
            {
                return false;
            }
            Reschedule();
        }
        Raise([(removed, MessageDeletedReason.Removed)]);
        return true;
    }

    /// <summary>Deletes every message whose time to live or burn-on-read time has run out; returns how many.</summary>
    public int DeleteExpired()
    {
        List<(Entry, MessageDeletedReason)> removed = [];
        lock (_gate)
        {
            if (_disposed)
            {
                return 0;
            }
            var now = _time.GetUtcNow();
            foreach (var (sequence, entry) in _entries.ToList())
            {
                if (entry.DeleteAt is { } at && at <= now)
                {
                    _entries.Remove(sequence);
                    var burned = entry.BurnAt is { } burnAt && burnAt <= now && (entry.ExpiresAt is not { } expiresAt || burnAt <= expiresAt);
                    removed.Add((entry, burned ? MessageDeletedReason.Burned : MessageDeletedReason.Expired));
                }
            }
            Reschedule();
        }
        Raise(removed);
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
            foreach (var entry in _entries.Values)
            {
                CryptographicOperations.ZeroMemory(entry.Message.Message.Body);
            }
            _entries.Clear();
        }
        _timer.Dispose();
    }

    private void Reschedule()
    {
        var next = _entries.Values.Select(e => e.DeleteAt).Where(d => d is not null).Min();
        if (_disposed)
        {
            return;
        }
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

    private void Raise(List<(Entry Entry, MessageDeletedReason Reason)> removed)
    {
        foreach (var (entry, reason) in removed)
        {
            CryptographicOperations.ZeroMemory(entry.Message.Message.Body);
            Deleted?.Invoke(this, new MessageDeletedEventArgs(entry.Message.Sequence, entry.Message.MessageId, reason));
        }
    }

    // Seconds from the metadata are 64-bit; a deadline beyond the calendar means "never".
    private static DateTimeOffset? Deadline(DateTimeOffset from, ulong seconds)
    {
        if (seconds == 0)
        {
            return null;
        }
        var room = (DateTimeOffset.MaxValue - from).TotalSeconds;
        return seconds >= room ? null : from.AddSeconds(seconds);
    }

    private sealed class Entry(ReceivedMessage message, DateTimeOffset? expiresAt)
    {
        public ReceivedMessage Message { get; } = message;

        public DateTimeOffset? ExpiresAt { get; } = expiresAt;

        public DateTimeOffset? FirstReadAt { get; set; }

        public DateTimeOffset? BurnAt { get; set; }

        public DateTimeOffset? DeleteAt => (ExpiresAt, BurnAt) switch
        {
            ({ } e, { } b) => e < b ? e : b,
            ({ } e, null) => e,
            (null, { } b) => b,
            _ => null,
        };
    }
}
