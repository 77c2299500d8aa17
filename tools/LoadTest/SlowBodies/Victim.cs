using System.Diagnostics;
using Grpc.Net.Client;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.LoadTest.Metrics;
using Wickr.Cluster.Protocol.Enrollment;

namespace Wickr.Cluster.LoadTest.SlowBodies;

/// <summary>
/// The well-behaved client beside the attack: a registered device (ClientLib) that asks for its pool's status (an
/// authenticated call through to its grain) every 250 ms, each with a 10 s deadline, its latency recorded.
/// </summary>
internal sealed class Victim : IAsyncDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly EnrolledUser _user;
    private readonly WickrClient _client;
    private long _failed;

    private Victim(EnrolledUser user, WickrClient client)
    {
        _user = user;
        _client = client;
    }

    /// <summary>Latency of the calls served.</summary>
    public LatencyHistogram Served { get; } = new();

    /// <summary>Calls that failed or missed their deadline.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>The last failure's message, if any.</summary>
    public string? LastFailure { get; private set; }

    /// <summary>Registers the victim's user and device (a small pool) before the attack.</summary>
    public static async Task<Victim> RegisterAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        var options = new WickrClientOptions { PoolTargetSize = 5 };
        var name = "slow-bodies-victim-" + Guid.NewGuid().ToString("N")[..12];
        var user = await WickrAccounts.EnrollUserAsync(channel, name, options, cancellationToken);
        try
        {
            var client = await WickrAccounts.RegisterDeviceAsync(channel, user, System.Text.Encoding.UTF8.GetBytes(name), options, cancellationToken);
            await client.ReplenishAsync(cancellationToken);
            await client.GetPoolStatusAsync(cancellationToken);
            return new Victim(user, client);
        }
        catch
        {
            user.Dispose();
            throw;
        }
    }

    /// <summary>Calls until <paramref name="stop"/>.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
            deadline.CancelAfter(Deadline);
            try
            {
                await _client.GetPoolStatusAsync(deadline.Token);
                Served.Record(clock.Elapsed);
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                // Whatever the gateway did to this call, the victim was not served.
                Interlocked.Increment(ref _failed);
                LastFailure = ex.Message;
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // The run ended during the call; ClientLib reports the cancellation as its own exception.
                return;
            }
            try
            {
                await Task.Delay(Every, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        _user.Dispose();
    }
}
