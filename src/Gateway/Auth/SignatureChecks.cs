using System.Globalization;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Gateway.Metrics;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>
/// A budget per source address (<see cref="CallerAddress"/>, <see cref="SourceAddress"/>) for the signature checks an
/// unauthenticated caller can make the gateway do (RegisterUser, CreateToken): each costs about 0.8 ms of CPU, so
/// without a budget one source could keep a core busy with well-formed wrong signatures.
/// </summary>
internal sealed class SignatureChecks(
    IOptions<GatewayOptions> options, CallerAddress callers, GatewayMetrics metrics, [FromKeyedServices(GatewayClock.Key)] TimeProvider time)
{
    private readonly SourceWindows _windows = new(options.Value.Registration.MaxTrackedSources);

    /// <summary>Returns when the caller of <paramref name="context"/> may have one more signature checked; RESOURCE_EXHAUSTED otherwise.</summary>
    public void Admit(ServerCallContext context)
    {
        var o = options.Value.Registration;
        var address = callers.Of(context.GetHttpContext());
        if (address is not null && o.ExemptLoopback && System.Net.IPAddress.IsLoopback(address))
        {
            return;
        }

        if (!_windows.TryCount([(SourceAddress.Key(address), o.MaxSignatureChecksPerSource)], time.GetUtcNow(), o.SignatureCheckWindow, out var retryAfter))
        {
            metrics.AuthFailed("signature_check_limit");
            var milliseconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalMilliseconds));
            throw new RpcException(
                new Status(StatusCode.ResourceExhausted,
                    $"too many signature checks from this address: at most {o.MaxSignatureChecksPerSource} in {o.SignatureCheckWindow}; retry later."),
                new Metadata { { Errors.StatusMapping.RetryAfterTrailer, milliseconds.ToString(CultureInfo.InvariantCulture) } });
        }
    }
}
