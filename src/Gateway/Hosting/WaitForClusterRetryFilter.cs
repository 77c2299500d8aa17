using Microsoft.Extensions.Logging;

namespace Wickr.Cluster.Gateway.Hosting;

/// <summary>
/// A standalone gateway started before its silos (a fresh deployment, a full restart) keeps trying to connect every
/// few seconds instead of exiting. Its gRPC port opens once a silo answers, so a readiness probe waits with it.
/// </summary>
internal sealed partial class WaitForClusterRetryFilter(ILogger<WaitForClusterRetryFilter> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);
    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        if (attempt == 1 || attempt % 15 == 0)
        {
            LogWaiting(logger, attempt, exception.GetType().Name);
        }

        await Task.Delay(Delay, cancellationToken);
        return !cancellationToken.IsCancellationRequested;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No silo reachable yet (attempt {Attempt}, {ExceptionType}); retrying")]
    private static partial void LogWaiting(ILogger logger, int attempt, string exceptionType);
}
