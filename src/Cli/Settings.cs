using System.Globalization;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Storage;

namespace Wickr.Cluster.Cli;

/// <summary>
/// Tuning by environment, for scripts and tests: WICKR_POOL_SIZE (one-time keys kept published, default 200),
/// WICKR_KDF_LOG2N (scrypt cost of a new store's passphrase, default 17 as the reference; tests use less), and
/// WICKR_FAULT_PAUSE (<c>queued</c> or <c>sent</c>: a send stops there and waits, so a test can kill the process
/// at that point of the outbox protocol).
/// </summary>
internal static class Settings
{
    public static StoredDeviceOptions DeviceOptions() => new()
    {
        PoolTargetSize = Number("WICKR_POOL_SIZE", WickrClientOptions.DefaultPoolTargetSize, 1, 10_000),
        StoreKdfLog2N = Number("WICKR_KDF_LOG2N", StoreKeyWrap.DefaultLog2N, StoreKeyWrap.MinimumLog2N, StoreKeyWrap.MaximumLog2N),
        Checkpoint = Environment.GetEnvironmentVariable("WICKR_FAULT_PAUSE") is { Length: > 0 } pause ? point => Pause(point, pause) : null,
    };

    private static async Task Pause(string point, string wanted)
    {
        if (point == wanted)
        {
            await Console.Error.WriteLineAsync($"paused at {point}");
            await Task.Delay(Timeout.InfiniteTimeSpan);
        }
    }

    private static int Number(string variable, int fallback, int min, int max)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new CliException(ExitCodes.Usage, $"{variable} must be a number from {min} to {max}, not '{text}'");
        }
        return value;
    }
}
