using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Auth;
using Wickr.Cluster.Gateway.Errors;
using Wickr.Cluster.Gateway.Validation;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.Gateway.Services;

/// <summary>EphemeralKeys: a device fills its own pool; senders claim one key per recipient node.</summary>
internal sealed partial class EphemeralKeysService(
    IGrainFactory grains,
    DeviceAuthenticator authenticator,
    IOptions<GatewayOptions> options,
    ILogger<EphemeralKeysService> logger) : EphemeralKeys.EphemeralKeysBase
{
    public override async Task<UploadKeysResponse> UploadKeys(UploadKeysRequest request, ServerCallContext context)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        caller.RequireOwnNode(request.NodeIdentifier);
        Door.Count(request.Keys.Count, ProtocolLimits.MaxUploadKeys, "keys", "keys");

        var nodeKey = caller.NodeKey;
        var keys = new EphemeralKeyRecord[request.Keys.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            var field = $"keys[{i}]";
            keys[i] = Checked(request.Keys[i], nodeKey, field);
            if (i > 0 && keys[i].KeyId <= keys[i - 1].KeyId)
            {
                throw GatewayErrors.Invalid(
                    $"{field}.key_id: ids must increase within a batch; {keys[i].KeyId} follows {keys[i - 1].KeyId}.");
            }
        }

        var status = await grains.GetEphemeralKeyPoolGrain(caller.NodeIdentifier).UploadAsync(keys);
        return new UploadKeysResponse { Status = ToProto(status) };
    }

    public override async Task<SetLastResortKeyResponse> SetLastResortKey(SetLastResortKeyRequest request, ServerCallContext context)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        caller.RequireOwnNode(request.NodeIdentifier);
        var key = request.Key ?? throw GatewayErrors.Invalid("key: the last-resort key is required.");
        var nodeKey = caller.NodeKey;
        await grains.GetEphemeralKeyPoolGrain(caller.NodeIdentifier).SetLastResortKeyAsync(Checked(key, nodeKey, "key"));
        return new SetLastResortKeyResponse();
    }

    public override async Task<ClaimKeysResponse> ClaimKeys(ClaimKeysRequest request, ServerCallContext context)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        var nodes = Door.DistinctNodeIdentifiers(request.NodeIdentifiers, options.Value.MaxClaimNodes, "node_identifiers");
        // Limits count per claiming user (root), so a stranger's 64 nodes share one budget on each pool.
        var claims = await Task.WhenAll(nodes.Select(node => ClaimAsync(node, caller.RootIdentifier)));
        var response = new ClaimKeysResponse();
        response.Keys.AddRange(claims);
        var retryAfterMs = claims.Max(c => c.RetryAfterMs);
        if (retryAfterMs > 0)
        {
            context.ResponseTrailers.Add(StatusMapping.RetryAfterTrailer, retryAfterMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return response;
    }

    public override async Task<GetPoolStatusResponse> GetPoolStatus(GetPoolStatusRequest request, ServerCallContext context)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        caller.RequireOwnNode(request.NodeIdentifier);
        var status = await grains.GetEphemeralKeyPoolGrain(caller.NodeIdentifier).GetStatusAsync();
        return new GetPoolStatusResponse { Status = ToProto(status) };
    }

    private async Task<ClaimedKey> ClaimAsync(byte[] node, byte[] claimer)
    {
        var result = new ClaimedKey { NodeIdentifier = ByteString.CopyFrom(node) };
        try
        {
            var claimed = await grains.GetEphemeralKeyPoolGrain(node).ClaimAsync(claimer);
            result.Key = new EphemeralKey
            {
                KeyId = claimed.Key.KeyId,
                PublicKey = ByteString.CopyFrom(claimed.Key.PublicKey),
                Signature = ByteString.CopyFrom(claimed.Key.Signature),
            };
            result.LastResort = claimed.IsLastResort;
        }
        catch (Exception ex)
        {
            var status = StatusMapping.TryMap(ex) ?? Unexpected(ex);
            result.ErrorCode = (int)status.StatusCode;
            result.ErrorMessage = status.Detail;
            result.RetryAfterMs = StatusMapping.RetryAfterMs(ex) ?? 0;
        }

        return result;
    }

    /// <summary>A key as uploaded: sizes, a valid curve point, and SKn(PKE) checked with ClientLib.</summary>
    private static EphemeralKeyRecord Checked(EphemeralKey key, EcPublicKey nodeKey, string field)
    {
        using var publicKey = Door.PublicKey(key.PublicKey, $"{field}.public_key");
        var signature = Door.Signature(key.Signature, $"{field}.signature");
        try
        {
            new SignedEphemeralKey(key.KeyId, publicKey, signature).Validate(P521Suite.Instance, nodeKey);
        }
        catch (WickrException ex)
        {
            throw GatewayErrors.Invalid($"{field}.signature: {Door.Describe(ex)}.");
        }

        return new EphemeralKeyRecord(key.KeyId, publicKey.ToArray(), signature);
    }

    private static PoolStatus ToProto(EphemeralKeyPoolStatus status) => new()
    {
        Count = status.Count,
        Capacity = status.Capacity,
        Low = status.IsLow,
        HasLastResortKey = status.HasLastResortKey,
        HighestKeyId = status.HighestKeyId ?? 0,
    };

    private Status Unexpected(Exception ex)
    {
        LogUnexpectedClaim(logger, ex);
        return new Status(StatusCode.Internal, StatusMapping.InternalMessage);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A claim failed unexpectedly, answered Internal for that node")]
    private static partial void LogUnexpectedClaim(ILogger logger, Exception exception);
}
