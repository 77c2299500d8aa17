using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Gateway.Errors;
using Wickr.Cluster.Gateway.Metrics;
using Wickr.Cluster.Grains.Interfaces.Auth;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;

namespace Wickr.Cluster.Gateway.Auth;

/// <summary>
/// Whether a validly signed RegisterUser may go ahead: under Invite, an operator-signed registration token (single-use
/// ids remembered cluster-wide); under Open, a per-source limit (<see cref="RegistrationSources"/>).
/// </summary>
internal sealed class RegistrationGate : IDisposable
{
    private readonly RegistrationOptions _options;
    private readonly EcPublicKey? _operatorKey;
    private readonly IGrainFactory _grains;
    private readonly RegistrationSources _sources;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly CallerAddress _callers;
    private readonly HashSet<string> _reservedRoots;

    public RegistrationGate(
        IOptions<GatewayOptions> options, IGrainFactory grains, RegistrationSources sources, GatewayMetrics metrics,
        [FromKeyedServices(GatewayClock.Key)] TimeProvider time, CallerAddress callers)
    {
        _callers = callers;
        _options = options.Value.Registration;
        _operatorKey = _options.DecodeOperatorKey();
        _grains = grains;
        _sources = sources;
        _metrics = metrics;
        _time = time;
        _reservedRoots = _options.ReservedRoots();
    }

    /// <summary>Returns when the registration of <paramref name="rootIdentifier"/> may go ahead; throws the refusal otherwise.</summary>
    public async Task AdmitAsync(byte[] rootIdentifier, ByteString registrationToken, ServerCallContext context)
    {
        var reserved = _reservedRoots.Contains(Convert.ToHexStringLower(rootIdentifier));
        if (_options.Policy == RegistrationPolicy.Open)
        {
            if (reserved)
            {
                throw Reserved();
            }

            if (!_sources.TryAdmit(_callers.Of(context.GetHttpContext()), out var retryAfter))
            {
                _metrics.AuthFailed("registration_source_limit");
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"registration: at most {_options.MaxPerSource} registrations per source address in {_options.SourceWindow}; retry in {seconds} s."));
            }

            return;
        }

        if (registrationToken.IsEmpty)
        {
            throw Refused("this cluster registers new users by invitation; ask an operator for a registration token.");
        }

        if (registrationToken.Length > RegistrationToken.MaxEncodedSize)
        {
            throw GatewayErrors.Invalid($"registration_token: a registration token has at most {RegistrationToken.MaxEncodedSize} bytes.");
        }

        RegistrationToken token;
        try
        {
            token = RegistrationToken.Verify(_operatorKey!, registrationToken.Span);
        }
        catch (WickrException ex) when (ex.Error == WickrError.Parse)
        {
            throw GatewayErrors.Invalid($"registration_token: {ex.Message}.");
        }
        catch (WickrException)
        {
            throw Refused("the token is not signed by this cluster's operator key.");
        }

        if (token.ExpiresAt <= _time.GetUtcNow())
        {
            throw Refused("the token has expired; ask an operator for a new one.");
        }

        if (token.IsBound && !token.BoundRoot.SequenceEqual(rootIdentifier))
        {
            throw Refused("the token invites another user name; register the name it was issued for, or ask an operator for a token for this one.");
        }

        if (reserved && !token.IsBound)
        {
            throw Reserved();
        }

        if (token.Id is { } id
            && !await _grains.GetGrain<IRegistrationTokenGrain>(Convert.ToHexStringLower(id)).TryUseAsync(rootIdentifier, token.ExpiresAt, token.Uses ?? 1))
        {
            throw Refused(token.Uses is null or 1
                ? "the token was already used by another user; ask an operator for a new one."
                : $"the token was already used by the {token.Uses} users it admits; ask an operator for a new one.");
        }
    }

    private RpcException Reserved()
    {
        _metrics.AuthFailed("registration_reserved_name");
        return GatewayErrors.PermissionDenied("registration: this user name is reserved on this cluster; choose another (an operator can invite it with a token bound to the name).");
    }

    public void Dispose() => _operatorKey?.Dispose();

    private RpcException Refused(string why)
    {
        _metrics.AuthFailed("registration_refused");
        return GatewayErrors.PermissionDenied("registration_token: " + why);
    }
}
