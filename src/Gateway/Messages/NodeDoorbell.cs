using System.Threading.Channels;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Gateway.Messages;

/// <summary>
/// The grain observer behind one Subscribe stream. Doorbells carry no content and coalesce: any number of "packet
/// queued" rings mean "read what this stream has not sent", and only the latest "pool low" count matters. The lowest
/// sequence rung since the last take is kept too, so the stream can tell a straggler (a sequence at or below one it
/// already sent, written by a second activation of the node grain during a move) and sweep the whole mailbox for it.
/// </summary>
internal sealed class NodeDoorbell : INodeObserver
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private int _packetsPending;
    private int _poolLowRemaining = -1;
    private long _highestQueued;
    private long _lowestPending = long.MaxValue;

    /// <summary>The highest sequence a "packet queued" ring named so far (0 before the first).</summary>
    public long HighestQueued => Interlocked.Read(ref _highestQueued);

    public Task PacketQueuedAsync(string nodeGrainKey, long sequence)
    {
        long highest;
        do
        {
            highest = Interlocked.Read(ref _highestQueued);
        }
        while (sequence > highest && Interlocked.CompareExchange(ref _highestQueued, sequence, highest) != highest);

        Ring(sequence);
        return Task.CompletedTask;
    }

    /// <summary>Asks the stream to sweep the whole mailbox (as a ring for sequence 0 would): after each subscription renewal.</summary>
    public void RequestSweep() => Ring(0);

    public Task EphemeralKeysLowAsync(string nodeGrainKey, int remaining)
    {
        Volatile.Write(ref _poolLowRemaining, Math.Max(0, remaining));
        _wake.Writer.TryWrite(true);
        return Task.CompletedTask;
    }

    /// <summary>Waits for the next ring.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken) => await _wake.Reader.ReadAsync(cancellationToken);

    /// <summary>True once per batch of packet rings, with the lowest sequence rung in it (0 for a sweep request).</summary>
    public bool TakePackets(out long lowest)
    {
        var pending = Interlocked.Exchange(ref _packetsPending, 0) == 1;
        lowest = Interlocked.Exchange(ref _lowestPending, long.MaxValue);
        return pending || lowest != long.MaxValue;
    }

    /// <summary>The latest "pool low" count, once.</summary>
    public bool TakePoolLow(out int remaining)
    {
        remaining = Interlocked.Exchange(ref _poolLowRemaining, -1);
        return remaining >= 0;
    }

    private void Ring(long sequence)
    {
        long lowest;
        do
        {
            lowest = Interlocked.Read(ref _lowestPending);
        }
        while (sequence < lowest && Interlocked.CompareExchange(ref _lowestPending, sequence, lowest) != lowest);

        Volatile.Write(ref _packetsPending, 1);
        _wake.Writer.TryWrite(true);
    }
}
