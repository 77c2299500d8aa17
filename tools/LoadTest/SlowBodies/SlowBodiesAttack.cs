using System.Diagnostics;
using System.Net;
using Wickr.Cluster.Testing;

namespace Wickr.Cluster.LoadTest.SlowBodies;

/// <summary>
/// The attacker: <see cref="SlowBodiesOptions.Connections"/> HTTP/2 connections, each from its source address, each
/// holding <see cref="SlowBodiesOptions.Streams"/> unary calls whose bodies never finish. A stream slot whose call the
/// gateway cut opens the next until <see cref="SlowBodiesOptions.Hold"/> is over; then the slots wait for the gateway
/// to cut what is still open.
/// </summary>
internal sealed class SlowBodiesAttack(SlowBodiesOptions options, Uri gateway, CallTally tally) : IDisposable
{
    // A slot whose call was refused or answered waits this long before the next, rather than spinning.
    private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(500);
    // No limit of the gateway cuts a call this soon: a call that ends sooner was refused with its connection.
    private static readonly TimeSpan HeldAtLeast = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<SocketsHttpHandler> _handlers = [];

    /// <summary>Opens the calls and keeps each slot busy until the hold is over and its last call ended.</summary>
    public async Task RunAsync()
    {
        var clients = new List<HttpClient>();
        for (var connection = 0; connection < options.Connections; connection++)
        {
            var handler = Handler(options.SourceOf(connection));
            _handlers.Add(handler);
            var client = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
            await ConnectAsync(client);
            clients.Add(client);
        }

        var clock = Stopwatch.StartNew();
        var slots = new List<Task>();
        for (var connection = 0; connection < clients.Count; connection++)
        {
            for (var stream = 0; stream < options.Streams; stream++)
            {
                slots.Add(SlotAsync(clients[connection], UnfinishedMethod.For((connection * options.Streams) + stream), clock));
            }
        }
        await Task.WhenAll(slots);
    }

    // One small request first, so the connection has the gateway's SETTINGS (its most concurrent streams) before the
    // calls go out: otherwise the client opens up to its own initial guess of streams, the gateway refuses those over its
    // limit, and the handler re-sends them later, after they were counted as reaching the gateway.
    private async Task ConnectAsync(HttpClient client)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, gateway)
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            using var response = await client.SendAsync(request, _stop.Token);
        }
        catch (HttpRequestException)
        {
            // A source over its connection cap: the calls on this connection will be refused and counted so.
        }
    }

    /// <summary>Ends every call still open from the client's side (the gateway did not cut them).</summary>
    public Task GiveUpAsync() => _stop.CancelAsync();

    public void Dispose()
    {
        _stop.Cancel();
        _handlers.ForEach(h => h.Dispose());
        _stop.Dispose();
    }

    private async Task SlotAsync(HttpClient client, UnfinishedMethod method, Stopwatch clock)
    {
        await Task.Yield();
        while (clock.Elapsed < options.Hold && !_stop.IsCancellationRequested)
        {
            if (await CallAsync(client, method, options.Hold - clock.Elapsed) is CallEnd.Refused or CallEnd.Answered)
            {
                try
                {
                    await Task.Delay(Backoff, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<CallEnd> CallAsync(HttpClient client, UnfinishedMethod method, TimeSpan holdLeft)
    {
        tally.Open();
        long reachedAt = 0;
        // A call still waiting in the client for a stream when the hold ends is withdrawn: the attacker starts nothing
        // after the hold, and a queued call given a stream later would be one the run stopped waiting for.
        using var queued = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        await using var withdraw = new Timer(_ =>
        {
            if (Volatile.Read(ref reachedAt) == 0)
            {
                queued.Cancel();
            }
        }, null, holdLeft > TimeSpan.Zero ? holdLeft : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, method.Path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            // The handler sends a body again when the gateway refused its stream (REFUSED_STREAM): a call reaches once.
            Content = new UnfinishedBody(method, () =>
            {
                if (Interlocked.CompareExchange(ref reachedAt, Stopwatch.GetTimestamp(), 0) == 0)
                {
                    tally.Reach();
                }
            }, _stop.Token),
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        CallEnd end;
        try
        {
            // Kestrel sends no headers until the call ends: reading to the end surfaces a reset here.
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, queued.Token);
            await using var body = await response.Content.ReadAsStreamAsync(_stop.Token);
            await body.CopyToAsync(Stream.Null, _stop.Token);
            end = CallEnd.Answered;
        }
        catch (OperationCanceledException) when (queued.IsCancellationRequested)
        {
            // Withdrawn at the hold's end (a stream granted in the same instant included), or given up on at the run's end.
            end = !_stop.IsCancellationRequested || Volatile.Read(ref reachedAt) == 0 ? CallEnd.NoStream : CallEnd.LeftOpen;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            // A connection the gateway closes at once fails every call on it, even those whose first bytes the socket
            // had taken; any later end of a call that reached is the gateway's cut (a reset of its stream, which the
            // handler may report as a cancellation of the body it was sending, or of its connection).
            var since = Volatile.Read(ref reachedAt);
            end = since != 0 && Stopwatch.GetElapsedTime(since) >= HeldAtLeast ? CallEnd.Cut : CallEnd.Refused;
        }
        var reached = Volatile.Read(ref reachedAt);
        tally.End(end, reached == 0 ? null : Stopwatch.GetElapsedTime(reached));
        return end;
    }

    // One connection per handler (no second one for more streams), leaving from its source address.
    private static SocketsHttpHandler Handler(IPAddress source)
    {
        var handler = Loopback.HandlerFrom(source);
        handler.EnableMultipleHttp2Connections = false;
        handler.PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan;
        return handler;
    }
}
