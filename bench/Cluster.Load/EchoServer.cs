using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Wickr.Cluster.Load;

/// <summary>A tiny in-process Kestrel server with the echo service, plaintext HTTP/2 on a loopback port, as the gateway serves.</summary>
internal sealed class EchoServer(WebApplication app, int port) : IAsyncDisposable
{
    public Uri Address { get; } = new($"http://127.0.0.1:{port}");

    public static async Task<EchoServer> StartAsync()
    {
        var port = Wickr.Cluster.Testing.Loopback.FreePorts(1)[0];
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 16 * 1024 * 1024);
        var app = builder.Build();
        app.MapGrpcService<EchoService>();
        await app.StartAsync();
        return new EchoServer(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
