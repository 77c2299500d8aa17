extern alias gateway;

using gateway::Wickr.Cluster.Gateway.Auth;
using gateway::Wickr.Cluster.Gateway.Hosting;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Wickr.Cluster.Gateway.Tests.Fixtures;

/// <summary>
/// A gateway exactly as the hosts build it (AddWickrGateway + MapWickrGateway + ListenWickrGateway), in this process on a
/// free loopback port, in front of a test cluster's client, with a real gRPC channel to it.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, string address, GrpcChannel channel)
    {
        _app = app;
        Address = address;
        Channel = channel;
    }

    public string Address { get; }

    public GrpcChannel Channel { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<GatewayHost> StartAsync(
        IClusterClient client, TimeProvider time, IDictionary<string, string?> settings, Func<HttpMessageHandler>? handler = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();

        // Only the test's settings: no appsettings.json that a referenced host copied beside the tests, no environment.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton<IGrainFactory>(client);
        builder.Services.AddKeyedSingleton(GatewayClock.Key, time);
        builder.Services.AddWickrGateway(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenWickrGateway("http://127.0.0.1:0"));

        var app = builder.Build();
        app.MapWickrGateway();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Urls.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 16 * 1024 * 1024,
            MaxSendMessageSize = null,
            HttpHandler = handler?.Invoke(),
        });
        return new GatewayHost(app, address, channel);
    }

    public static Dictionary<string, string?> Settings(string tokenSecret) => new()
    {
        ["Gateway:TokenSecret"] = tokenSecret,
        ["Gateway:MaxRecipients"] = TestLimits.MaxRecipients.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Gateway:MaxClaimNodes"] = TestLimits.MaxClaimNodes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Gateway:MaxFetchResponseBytes"] = TestLimits.MaxFetchResponseBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),

        // Every test client calls from loopback; tests of the per-source limits set these back.
        ["Gateway:Registration:ExemptLoopback"] = "true",
        ["Gateway:Connections:MaxConnectionsPerSource"] = "0",
    };

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
