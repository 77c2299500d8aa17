using System.Collections.Concurrent;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Grains.Tests.Fixtures;

/// <summary>A gateway-side doorbell that records every signal it receives.</summary>
public sealed class RecordingObserver : INodeObserver
{
    private readonly ConcurrentQueue<Signal> _signals = new();

    public IReadOnlyCollection<Signal> Signals => [.. _signals];

    public Task PacketQueuedAsync(string nodeGrainKey, long sequence)
    {
        _signals.Enqueue(new Signal("packet", nodeGrainKey, sequence));
        return Task.CompletedTask;
    }

    public Task EphemeralKeysLowAsync(string nodeGrainKey, int remaining)
    {
        _signals.Enqueue(new Signal("pool-low", nodeGrainKey, remaining));
        return Task.CompletedTask;
    }

    /// <summary>Waits until a matching signal arrives; fails after <paramref name="timeout"/> (default 10 s).</summary>
    public async Task<Signal> WaitForAsync(Func<Signal, bool> match, TimeSpan? timeout = null) =>
        (await WaitForCountAsync(match, 1, timeout))[0];

    /// <summary>
    /// Waits until <paramref name="count"/> matching signals arrived and returns every signal received by then, in order;
    /// fails after <paramref name="timeout"/> (default 10 s).
    /// </summary>
    public async Task<IReadOnlyList<Signal>> WaitForCountAsync(Func<Signal, bool> match, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var received = _signals.ToArray();
            if (received.Count(match) >= count)
            {
                return received;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Fewer than {count} matching signals arrived.");
    }

    public sealed record Signal(string Kind, string NodeGrainKey, long Value);
}
