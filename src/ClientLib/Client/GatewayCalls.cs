using Grpc.Core;
using Wickr.Cluster.Api.V1;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// The device's authenticated calls to the gateway over one channel: every call carries the session's bearer token
/// (through <see cref="AuthSession.Headers"/>, the one place the header is written), and a refused token is dropped
/// so the next call authenticates again. The channel stays the caller's.
/// </summary>
internal sealed class GatewayCalls(ChannelBase channel, AuthSession session)
{
    private Api.V1.Files.FilesClient? _files;

    public ChannelBase Channel { get; } = channel;

    public AuthSession Session { get; } = session;

    public Accounts.AccountsClient Accounts { get; } = new(channel);

    public EphemeralKeys.EphemeralKeysClient Keys { get; } = new(channel);

    public Api.V1.Messages.MessagesClient Messages { get; } = new(channel);

    // Only devices that move files need it.
    public Api.V1.Files.FilesClient Files => _files ??= new Api.V1.Files.FilesClient(Channel);

    /// <summary>A unary call with the bearer token; a refused token is dropped and the call tried once more.</summary>
    public async Task<T> CallAsync<T>(Func<CallOptions, AsyncUnaryCall<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var authorized = await AuthorizeAsync(cancellationToken);
            try
            {
                return await call(authorized.Options);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated && attempt == 0)
            {
                Refused(authorized.Token);
            }
            catch (RpcException ex)
            {
                throw WickrClientException.From(ex);
            }
        }
    }

    /// <summary>
    /// Whether a call, or one node's part of it, failed for a reason that passes by itself (the gateway or the silo
    /// holding the node's grain unreachable or too slow, as while silos restart or move grains): worth trying again.
    /// </summary>
    public static bool IsTransient(StatusCode status) => status is StatusCode.Unavailable or StatusCode.DeadlineExceeded;

    /// <summary>Call options that present the current token, for streaming calls that handle their own failures.</summary>
    public async Task<AuthorizedCall> AuthorizeAsync(CancellationToken cancellationToken)
    {
        var token = await Session.TokenAsync(cancellationToken);
        return new AuthorizedCall(new CallOptions(AuthSession.Headers(token), cancellationToken: cancellationToken), token);
    }

    /// <summary>The gateway refused <paramref name="token"/>: the next call authenticates again.</summary>
    public void Refused(string? token) => Session.Invalidate(token);
}
