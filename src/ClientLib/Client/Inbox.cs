using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// What <see cref="WickrClient.ReceiveAsync"/> hands over: each message kept in the store, exactly once and in mailbox
/// order. The store is the truth; this is a bounded queue of notifications in front of it. The receiver never waits
/// for a reader (there may be none: <c>wickr inbox</c> only reads the store), so when the queue is full it stops
/// queueing and loses nothing: the reader, once it has taken what was queued, reads what came after from the store
/// (a batch at a time, in order) and queueing resumes. A message deleted or expired meanwhile is not handed over.
/// One writer (the receiver) and one reader. Mailbox sequences mostly rise, but not always: while a node grain moves
/// between silos a packet can be queued below one already kept (a straggler). A straggler is remembered by its
/// sequence until it is handed over, so it is handed over once, after what was kept before it (only stragglers are
/// remembered, so this stays small).
/// </summary>
internal sealed class Inbox
{
    private readonly IMessageStore _store;
    private readonly int _capacity;
    private readonly Channel<ReceivedMessage> _queue;
    private readonly Lock _gate = new();
    private readonly Queue<ReceivedMessage> _fromStore = new();

    // Under _gate: the highest sequence kept, whether some were kept without a notification, and the stragglers (kept
    // below the highest) not handed over yet.
    private long _lastKept;
    private bool _overflowed;
    private readonly SortedSet<long> _stragglers = [];

    // The reader's own: the last sequence handed over, and how far the store is still to be read.
    private long _handedOver;
    private long _catchUpTo;

    public Inbox(IMessageStore store, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _store = store;
        _capacity = capacity;
        _queue = Channel.CreateBounded<ReceivedMessage>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Called after <paramref name="message"/> was kept in the store.</summary>
    public void Kept(ReceivedMessage message)
    {
        lock (_gate)
        {
            if (message.Sequence <= _lastKept)
            {
                _stragglers.Add(message.Sequence);
            }
            else
            {
                _lastKept = message.Sequence;
            }

            // Once one notification is missing, none is queued until the reader has caught up: the order holds.
            if (!_overflowed && !_queue.Writer.TryWrite(message))
            {
                _overflowed = true;
            }
        }
    }

    /// <summary>Ends the stream: the reader gets what is left, then no more.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>The next message if one is ready.</summary>
    public bool TryRead(out ReceivedMessage? message)
    {
        while (true)
        {
            // Caught-up messages (all up to _catchUpTo) come before anything queued after them.
            if (!_fromStore.TryDequeue(out var next))
            {
                if (_catchUpTo > _handedOver)
                {
                    LoadFromStore();
                    continue;
                }
                if (!_queue.Reader.TryRead(out next))
                {
                    lock (_gate)
                    {
                        if (!_overflowed)
                        {
                            message = null;
                            return false;
                        }
                        // All kept up to here is in the store; what is kept from now on is queued again, after it.
                        _overflowed = false;
                        _catchUpTo = _lastKept;
                    }
                    LoadStragglers();
                    continue;
                }
            }
            if (Take(next.Sequence))
            {
                message = next;
                return true;
            }
        }
    }

    /// <summary>The next message, waiting for one; <see cref="ChannelClosedException"/> once completed and empty.</summary>
    public async ValueTask<ReceivedMessage> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryRead(out var message))
            {
                return message!;
            }
            if (!await _queue.Reader.WaitToReadAsync(cancellationToken))
            {
                throw new ChannelClosedException();
            }
        }
    }

    /// <summary>Every message until completed.</summary>
    public async IAsyncEnumerable<ReceivedMessage> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            while (TryRead(out var message))
            {
                yield return message!;
            }
            if (!await _queue.Reader.WaitToReadAsync(cancellationToken))
            {
                yield break;
            }
        }
    }

    // True once per message: above what was handed over, or a straggler not handed over yet.
    private bool Take(long sequence)
    {
        lock (_gate)
        {
            var straggler = _stragglers.Remove(sequence);
            if (sequence > _handedOver)
            {
                _handedOver = sequence;
                return true;
            }

            return straggler;
        }
    }

    // Stragglers kept without a notification below what was handed over are not in the catch-up's range: each is read
    // from the store by its sequence, before the range.
    private void LoadStragglers()
    {
        long[] below;
        lock (_gate)
        {
            below = [.. _stragglers.GetViewBetween(long.MinValue, _handedOver)];
        }

        foreach (var sequence in below)
        {
            if (_store.List(sequence - 1, 1) is [var stored] && stored.Sequence == sequence)
            {
                _fromStore.Enqueue(stored.ToReceivedMessage());
            }
            else
            {
                lock (_gate)
                {
                    // Deleted or expired meanwhile.
                    _stragglers.Remove(sequence);
                }
            }
        }
    }

    // The next batch of what was kept without a notification; none left ends the catch-up.
    private void LoadFromStore()
    {
        foreach (var stored in _store.List(_handedOver, _capacity))
        {
            if (stored.Sequence > _catchUpTo)
            {
                break;
            }
            _fromStore.Enqueue(stored.ToReceivedMessage());
        }
        if (_fromStore.Count == 0)
        {
            // The rest was deleted or expired meanwhile.
            _catchUpTo = 0;
        }
    }
}
