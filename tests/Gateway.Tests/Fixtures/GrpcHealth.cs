using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Wickr.Cluster.Gateway.Tests.Fixtures;

/// <summary>Waits for a host process to report SERVING on the gRPC health service.</summary>
public static class GrpcHealth
{
    /// <summary>Polls until SERVING; on timeout throws with <paramref name="diagnostics"/> (the hosts' output).</summary>
    public static async Task WaitServingAsync(GrpcChannel channel, TimeSpan timeout, Func<string> diagnostics)
    {
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet, or no silo found yet.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"No SERVING within {timeout}:\n{diagnostics()}");
            }

            await Task.Delay(500);
        }
    }
}
