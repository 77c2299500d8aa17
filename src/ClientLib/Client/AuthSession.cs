using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// The device's bearer token: challenge → node-key signature → token, renewed before it runs out. The token is
/// never logged and lives only here.
/// </summary>
internal sealed class AuthSession(Auth.AuthClient auth, EnrolledDevice device, ICryptoSuite suite, TimeProvider time, TimeSpan refreshMargin)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _refreshAt;

    /// <summary>How many tokens this session obtained.</summary>
    public int TokensIssued { get; private set; }

    public async ValueTask<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _token) is { } current && time.GetUtcNow() < _refreshAt)
        {
            return current;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } fresh && time.GetUtcNow() < _refreshAt)
            {
                return fresh;
            }
            return await RefreshAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The call headers that present <paramref name="token"/>: the one place the authorization header is written.</summary>
    public static Metadata Headers(string token) => new() { { "authorization", "Bearer " + token } };

    /// <summary>Forgets <paramref name="token"/> (the gateway refused it), so the next call authenticates again.</summary>
    public void Invalidate(string? token)
    {
        if (token is null || Interlocked.CompareExchange(ref _token, null, token) == token)
        {
            _refreshAt = DateTimeOffset.MinValue;
        }
    }

    private async Task<string> RefreshAsync(CancellationToken cancellationToken)
    {
        var nodeIdentifier = device.Chain.Node.Identifier;
        try
        {
            var challenge = await auth.CreateChallengeAsync(
                new CreateChallengeRequest { NodeIdentifier = ByteString.CopyFrom(nodeIdentifier) }, cancellationToken: cancellationToken);
            var signature = suite.Sign(device.NodeKey, RequestSignatures.Auth(nodeIdentifier, challenge.Nonce.Span));
            var issuedAt = time.GetUtcNow();
            var reply = await auth.CreateTokenAsync(
                new CreateTokenRequest
                {
                    NodeIdentifier = ByteString.CopyFrom(nodeIdentifier),
                    Nonce = challenge.Nonce,
                    Signature = ByteString.CopyFrom(signature),
                },
                cancellationToken: cancellationToken);
            var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(reply.ExpiresAtUnixMs);
            var lifetime = expiresAt - issuedAt;
            var margin = lifetime / 3 < refreshMargin ? lifetime / 3 : refreshMargin;
            _refreshAt = expiresAt - margin;
            Volatile.Write(ref _token, reply.Token);
            TokensIssued++;
            return reply.Token;
        }
        catch (RpcException ex)
        {
            throw WickrClientException.From(ex);
        }
    }
}
