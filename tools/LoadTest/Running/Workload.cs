using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.LoadTest.Metrics;
using Wickr.Cluster.LoadTest.Population;
using Wickr.Cluster.LoadTest.Scenarios;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.LoadTest.Running;

/// <summary>
/// One operation: a sender (chosen from the seed and the operation's number, so runs repeat) sends to, or only
/// claims for, <see cref="Scenario.FanOut"/> distinct recipient users, through WickrClient's own code.
/// </summary>
internal sealed class Workload(Scenario scenario, DevicePopulation population, RunRecorder recorder, RoomRun? room = null)
{
    private readonly byte[] _body = System.Security.Cryptography.RandomNumberGenerator.GetBytes(scenario.BodyBytes);

    public async Task RunAsync(long index, OperationContext context, CancellationToken cancellationToken)
    {
        var random = new Random(Mix(scenario.Seed, index));
        if (room is not null)
        {
            Record(context, await room.SendAsync(random, cancellationToken));
            return;
        }
        var sender = population.Senders[random.Next(population.Senders.Count)];
        var chosen = new HashSet<int>();
        while (chosen.Count < scenario.FanOut)
        {
            chosen.Add(random.Next(population.Recipients.Count));
        }
        var roots = chosen.Select(i => population.Recipients[i].RootIdentifier).ToArray();
        if (scenario.Operation == OperationKind.Claim)
        {
            await sender.Client.ClaimKeysAsync(roots, cancellationToken);
            return;
        }
        var message = new PlainMessage(new PacketMetadata(0, 0, [], 0), _body);
        Record(context, await sender.Client.SendAsync(roots, message, cancellationToken: cancellationToken));
    }

    private void Record(OperationContext context, SendResult result)
    {
        recorder.SendDone(context, result.Deliveries.Count(d => d.State is DeliveryState.Queued or DeliveryState.Duplicate));
        foreach (var delivery in result.Deliveries.Where(d => d.State is DeliveryState.Queued or DeliveryState.Duplicate))
        {
            recorder.Ledger?.Acknowledged(delivery.NodeIdentifierHex, result.MessageId);
        }
        context.PartlyFailed = !result.AllQueued;
        foreach (var failure in result.Failures)
        {
            recorder.Error("delivery", $"{failure.State} {failure.Status}");
        }
    }

    // SplitMix64 of (seed, index): the same operation number picks the same sender and recipients in every run.
    private static int Mix(int seed, long index)
    {
        var z = unchecked((ulong)index + ((ulong)(uint)seed << 32) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(z ^ (z >> 31));
    }
}
