using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.LoadTest.Metrics;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Testing;

namespace Wickr.Cluster.LoadTest.Memory;

/// <summary>
/// What a registered device costs a silo, idle and active: a silo process (embedded SQLite, so the storage is one file
/// to measure) and a standalone gateway process; N devices registered through the gateway, each its own user with a
/// pool of K one-time keys and a last-resort key; the silo's resident memory (VmRSS, the lowest of a few readings)
/// before, right after registering, once every grain was idle past Silo:ActivationIdleAge and collected, and with a
/// share of the devices active (a live stream each and a message every 10 s). Storage is the data folder's growth.
/// </summary>
internal static class DeviceMemoryRun
{
    private const double MiB = 1024 * 1024;

    public static async Task<int> RunAsync(DeviceMemoryOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"device memory: {options.Devices} devices with {options.Keys} keys + a last-resort key each, {options.Active} active ({options.ActiveShare:P1}), idle age {options.IdleAge}"));
        await using var cluster = await TestCluster.StartAsync(new ClusterSettings
        {
            Silo = new Dictionary<string, string>
            {
                ["Silo__ActivationIdleAge"] = options.IdleAge.ToString("c", c),
                ["Grains__EphemeralKeyPool__MaxKeys"] = Math.Max(1000, options.Keys).ToString(c),
                ["Grains__EphemeralKeyPool__LowWaterMark"] = "0",
            },
        });
        var silo = cluster.Silo.HostProcessId ?? throw new InvalidOperationException("the silo process is not running");
        var clientOptions = new WickrClientOptions { PoolTargetSize = options.Keys };

        // One device first, so the silo's code paths are warm before the baseline.
        await using (await RegisterAsync(cluster.Channel, "warm-up", clientOptions, keep: false, cancellationToken))
        {
        }
        var baseline = await SettledRssAsync(silo, cancellationToken);
        var storageBefore = StorageBytes(cluster.DataDirectory);
        output.WriteLine(string.Create(c, $"baseline: silo RSS {baseline / MiB:0.0} MiB, storage {storageBefore / MiB:0.0} MiB"));

        var run = Guid.NewGuid().ToString("N")[..8];
        var active = new WickrClient?[options.Active];
        var registered = 0;
        var clock = Stopwatch.StartNew();
        // The active ones are spread over the population, as recent and old registrations mix.
        var every = options.Devices / options.Active;
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Devices), new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var isActive = i % every == 0 && i / every < options.Active;
            var client = await RegisterAsync(cluster.Channel, $"mem-{run}-{i}", clientOptions, isActive, ct);
            if (isActive)
            {
                active[i / every] = client;
            }
            else if (client is not null)
            {
                await client.DisposeAsync();
            }
            var done = Interlocked.Increment(ref registered);
            if (done % 1000 == 0 || done == options.Devices)
            {
                output.WriteLine(string.Create(c, $"  registered {done}/{options.Devices} ({done / clock.Elapsed.TotalSeconds:0.0}/s)"));
            }
        });
        var afterRegistration = await SettledRssAsync(silo, cancellationToken);
        output.WriteLine(string.Create(c, $"after registering: silo RSS {afterRegistration / MiB:0.0} MiB (every device active moments ago)"));

        // Every grain idle past the age, plus one collection pass (a minute) and some slack.
        var wait = options.IdleAge + TimeSpan.FromSeconds(90);
        output.WriteLine(string.Create(c, $"waiting {wait.TotalSeconds:0} s for the idle grains to be collected ..."));
        await Task.Delay(wait, cancellationToken);
        var idle = await SettledRssAsync(silo, cancellationToken);
        var storageAfter = StorageBytes(cluster.DataDirectory);
        output.WriteLine(string.Create(c, $"all idle: silo RSS {idle / MiB:0.0} MiB, storage {storageAfter / MiB:0.0} MiB"));

        output.WriteLine(string.Create(c, $"{options.Active} devices active for {options.ActiveSeconds} s (a stream each, a message every 10 s) ..."));
        await using var sender = await RegisterAsync(cluster.Channel, $"mem-{run}-sender", new WickrClientOptions(), keep: true, cancellationToken)
            ?? throw new InvalidOperationException("no sender");
        var readers = new List<Task>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        foreach (var client in active.OfType<WickrClient>())
        {
            await client.ConnectAsync(cancellationToken);
            readers.Add(ReadAsync(client, stop.Token));
        }
        var body = new PlainMessage(new PacketMetadata(0, 0, [], 0), new byte[256]);
        var sent = 0;
        var activeClock = Stopwatch.StartNew();
        while (activeClock.Elapsed.TotalSeconds < options.ActiveSeconds)
        {
            foreach (var client in active.OfType<WickrClient>())
            {
                var result = await sender.SendAsync(Convert.FromHexString(client.RootIdentifierHex), body, cancellationToken: cancellationToken);
                sent += result.AllQueued ? 1 : 0;
            }
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
        }
        var withActive = await SettledRssAsync(silo, cancellationToken);
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        output.WriteLine(string.Create(c, $"with {options.Active} active: silo RSS {withActive / MiB:0.0} MiB ({sent} messages delivered)"));

        var perDevice = (idle - baseline) / (double)options.Devices;
        var perActive = (withActive - idle) / (double)options.Active;
        var storagePerDevice = (storageAfter - storageBefore) / (double)options.Devices;
        output.WriteLine();
        output.WriteLine("| registered | keys each | active | RSS idle per device | RSS per active device | storage per device | RSS baseline / registered / idle / active |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        output.WriteLine(string.Create(c,
            $"| {options.Devices} | {options.Keys} + last resort | {options.Active} | {perDevice / 1024:0.0} KiB | {perActive / 1024:0.0} KiB | {storagePerDevice / 1000:0.0} kB | {baseline / MiB:0} / {afterRegistration / MiB:0} / {idle / MiB:0} / {withActive / MiB:0} MiB |"));
        foreach (var client in active.OfType<WickrClient>())
        {
            await client.DisposeAsync();
        }
        return 0;
    }

    private static async Task ReadAsync(WickrClient client, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in client.ReceiveAllAsync(cancellationToken))
            {
                client.Messages.Delete(message.Sequence);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // A user with one device that published its pool and last-resort key; kept (returned) or let go.
    private static async Task<WickrClient?> RegisterAsync(GrpcChannel channel, string name, WickrClientOptions options, bool keep, CancellationToken cancellationToken)
    {
        var user = await WickrAccounts.EnrollUserAsync(channel, name, options, cancellationToken);
        var device = user.EnrollDevice(System.Text.Encoding.UTF8.GetBytes(name));
        await WickrAccounts.RegisterNodeAsync(channel, user, device, options, cancellationToken);
        var client = new WickrClient(channel, device, options, new EphemeralKeyPool(options.Suite, device.NodeKey));
        await client.ReplenishAsync(cancellationToken);
        if (keep)
        {
            return client;
        }
        await client.DisposeAsync();
        device.Dispose();
        user.Dispose();
        return null;
    }

    // The lowest of ten readings over five seconds: the GC runs on its own schedule.
    private static Task<long> SettledRssAsync(int pid, CancellationToken cancellationToken) =>
        new RssSampler(pid).SettledAsync(10, cancellationToken);

    private static long StorageBytes(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
