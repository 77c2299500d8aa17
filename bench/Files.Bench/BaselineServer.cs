using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Wickr.Cluster.FilesBench;

/// <summary>An in-process Kestrel server with the baseline stream service, plaintext HTTP/2 on loopback, as the gateway serves.</summary>
internal sealed class BaselineServer(WebApplication app, int port) : IAsyncDisposable
{
    public Uri Address { get; } = new($"http://127.0.0.1:{port}");

    public static async Task<BaselineServer> StartAsync()
    {
        var port = Wickr.Cluster.Testing.Loopback.FreePorts(1)[0];
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 4 * 1024 * 1024);
        var app = builder.Build();
        app.MapGrpcService<BlobStreamService>();
        await app.StartAsync();
        return new BaselineServer(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
