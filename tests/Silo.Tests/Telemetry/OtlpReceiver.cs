using System.Net;
using System.Text;

namespace Wickr.Cluster.Silo.Tests.Telemetry;

/// <summary>A bare OTLP/HTTP endpoint on a free loopback port that keeps what it is sent.</summary>
public sealed class OtlpReceiver : IDisposable
{
    private const int Attempts = 4;
    private readonly HttpListener listener;
    private readonly List<(string Path, byte[] Body)> requests = [];
    private readonly Task loop;

    public OtlpReceiver()
    {
        // HttpListener cannot bind port 0: a free port is picked, and picked again should another process take it first.
        for (var attempt = 1; ; attempt++)
        {
            var candidate = new HttpListener();
            var endpoint = new Uri($"http://127.0.0.1:{Loopback.FreePorts(1)[0]}");
            candidate.Prefixes.Add(endpoint.ToString());
            try
            {
                candidate.Start();
                (listener, Endpoint) = (candidate, endpoint);
                break;
            }
            catch (HttpListenerException) when (attempt < Attempts)
            {
                candidate.Close();
            }
        }

        loop = Task.Run(ReceiveAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>True when some request to <paramref name="path"/> carried <paramref name="text"/> (protobuf keeps strings as UTF-8).</summary>
    public bool Received(string path, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        lock (requests)
        {
            return requests.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(needle) >= 0);
        }
    }

    public void Dispose()
    {
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener.
        }
    }

    private async Task ReceiveAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            lock (requests)
            {
                requests.Add((context.Request.Url!.AbsolutePath, body.ToArray()));
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
