using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>Polls the removal log for <see cref="NodeChainCache"/> every quarter of the bound, so it stays fresh.</summary>
internal sealed partial class NodeChainCacheRefresher(
    NodeChainCache cache,
    IOptions<GatewayOptions> options,
    [FromKeyedServices(GatewayClock.Key)] TimeProvider time,
    ILogger<NodeChainCacheRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.NodeCacheBound / 4;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await cache.PollAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Not fresh any more once the bound passes: requests ask the node grain until a poll succeeds.
                LogPollFailed(logger, ex.GetType().Name);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading the node removal log failed ({ExceptionType}); authentication asks the node grains until it works again")]
    private static partial void LogPollFailed(ILogger logger, string exceptionType);
}
