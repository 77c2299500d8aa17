using System.Threading.Channels;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Gateway.Messages;

/// <summary>
/// The grain observer behind one Subscribe stream. Doorbells carry no content and coalesce: any number of "packet
/// queued" rings mean "read after the last sequence sent", and only the latest "pool low" count matters.
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

        Volatile.Write(ref _packetsPending, 1);
        _wake.Writer.TryWrite(true);
        return Task.CompletedTask;
    }

    public Task EphemeralKeysLowAsync(string nodeGrainKey, int remaining)
    {
        Volatile.Write(ref _poolLowRemaining, Math.Max(0, remaining));
        _wake.Writer.TryWrite(true);
        return Task.CompletedTask;
    }

    /// <summary>Waits for the next ring.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken) => await _wake.Reader.ReadAsync(cancellationToken);

    /// <summary>True once per batch of packet rings.</summary>
    public bool TakePackets() => Interlocked.Exchange(ref _packetsPending, 0) == 1;

    /// <summary>The latest "pool low" count, once.</summary>
    public bool TakePoolLow(out int remaining)
    {
        remaining = Interlocked.Exchange(ref _poolLowRemaining, -1);
        return remaining >= 0;
    }
}
