using System.Globalization;
using Wickr.Cluster.ClientLib.Storage;

namespace Wickr.Cluster.CliTestHost;

/// <summary>
/// The host's own arguments, before <c>--</c>; the rest goes to <c>wickr</c> unchanged:
/// <c>--store-kdf-log2n N</c> (scrypt cost of a new store), <c>--pool-size N</c> (one-time keys kept published) and
/// <c>--pause-at queued|sent</c> (a send stops at that outbox step, says so on stderr and waits to be killed).
/// </summary>
internal static class HostArguments
{
    public static (StoredDeviceOptions Options, string[] WickrArguments) Parse(string[] args)
    {
        var end = Array.IndexOf(args, "--");
        if (end < 0)
        {
            throw new ArgumentException("usage: CliTestHost [--store-kdf-log2n N] [--pool-size N] [--pause-at queued|sent] -- <wickr arguments>");
        }
        var defaults = new StoredDeviceOptions();
        int kdf = defaults.StoreKdfLog2N, pool = defaults.PoolTargetSize;
        string? pauseAt = null;
        for (var i = 0; i < end; i += 2)
        {
            var value = i + 1 < end ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--store-kdf-log2n": kdf = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--pool-size": pool = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--pause-at": pauseAt = value; break;
                default: throw new ArgumentException($"unknown host option {args[i]}");
            }
        }
        var options = new StoredDeviceOptions
        {
            StoreKdfLog2N = kdf,
            PoolTargetSize = pool,
            Checkpoint = pauseAt is null ? null : point => PauseAsync(point, pauseAt),
        };
        return (options, args[(end + 1)..]);
    }

    private static async Task PauseAsync(string point, string wanted)
    {
        if (point == wanted)
        {
            await Console.Error.WriteLineAsync($"paused at {point}");
            await Task.Delay(Timeout.InfiniteTimeSpan);
        }
    }
}
