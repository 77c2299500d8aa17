using System.Threading.Channels;
using Grpc.Core;
using Wickr.Cluster.ClientLib.Enrollment;
using Wickr.Cluster.ClientLib.Packets;
using Wickr.Cluster.ClientLib.Pools;
using Wickr.Cluster.ClientLib.Trust;
using Wickr.Cluster.Protocol.V1;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// One device (node) talking to the gateway: the paper's whole flow. It authenticates with its node key, keeps its
/// ephemeral key pool published (on connect and whenever the server says the pool is low), sends to users (profiles,
/// one claimed key per recipient node, chain validation, root pinning, one packet for every node including the
/// sender's other devices), and receives from the backlog and the live stream: decode, delete the used ephemeral
/// private key, hand the message over, then acknowledge. Received messages are also kept in <see cref="Messages"/>,
/// which honours time to live and burn-on-read. Private keys and tokens stay in memory and are never logged.
/// </summary>
public sealed partial class WickrClient : IAsyncDisposable
{
    private readonly WickrClientOptions _options;
    private readonly Accounts.AccountsClient _accounts;
    private readonly EphemeralKeys.EphemeralKeysClient _keys;
    private readonly Protocol.V1.Messages.MessagesClient _messages;
    private readonly PacketEncoder _encoder;
    private readonly PacketDecoder _decoder;
    private readonly ProfileCache _profiles;
    private readonly Channel<ReceivedMessage> _inbox = Channel.CreateUnbounded<ReceivedMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private CancellationTokenSource? _connection;
    private Task? _receiveLoop;
    private bool _disposed;

    /// <summary>
    /// A client for an enrolled and registered device over <paramref name="channel"/> (which stays the caller's).
    /// Takes ownership of <paramref name="device"/> and <paramref name="pool"/>. Without a pool, one is started when
    /// the server's pool status is first known, with ids above every id the server has seen.
    /// </summary>
    public WickrClient(ChannelBase channel, EnrolledDevice device, WickrClientOptions? options = null, EphemeralKeyPool? pool = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(device);
        _options = options ?? new WickrClientOptions();
        _options.Validate();
        Device = device;
        Pool = pool;
        Transport = channel;
        _accounts = new Accounts.AccountsClient(channel);
        _keys = new EphemeralKeys.EphemeralKeysClient(channel);
        _messages = new Protocol.V1.Messages.MessagesClient(channel);
        Session = new AuthSession(new Auth.AuthClient(channel), device, _options.Suite, _options.TimeProvider, _options.TokenRefreshMargin);
        _encoder = new PacketEncoder(_options.Suite);
        _decoder = new PacketDecoder(_options.Suite);
        _profiles = new ProfileCache(_options.Suite, _options.TimeProvider, _options.ProfileLifetime, FetchProfileAsync);
        Messages = new LocalMessageStore(_options.TimeProvider);
        State = _options.State ?? new MemoryClientState();
        Trust.Check(device.Chain.Root);
    }

    /// <summary>This device's enrollment: chain, node key, dev_id.</summary>
    public EnrolledDevice Device { get; }

    /// <summary>The user's root identifier, lowercase hex.</summary>
    public string RootIdentifierHex => Device.Chain.Root.IdentifierHex;

    /// <summary>This node's identifier, lowercase hex.</summary>
    public string NodeIdentifierHex => Device.Chain.Node.IdentifierHex;

    /// <summary>The roots pinned for the users this device has talked to (its own user's root is pinned at start).</summary>
    public TrustStore Trust { get; } = new();

    /// <summary>Received messages, deleted when their time to live or burn-on-read time runs out.</summary>
    public LocalMessageStore Messages { get; }

    /// <summary>Where keys, received messages and the replay check outlive a restart (in memory unless the options name a store).</summary>
    public IClientState State { get; }

    /// <summary>True between <see cref="ConnectAsync"/> and <see cref="DisconnectAsync"/>.</summary>
    public bool IsConnected => _connection is not null;

    /// <summary>How many one-time ephemeral keys this client has published.</summary>
    public long KeysPublished => Interlocked.Read(ref _keysPublished);

    /// <summary>The private halves of this device's ephemeral keys (null until the pool is known).</summary>
    internal EphemeralKeyPool? Pool { get; private set; }

    internal ChannelBase Transport { get; }

    internal AuthSession Session { get; }

    /// <summary>The last failure of a background task (live stream, replenishing); for diagnostics, never key material.</summary>
    internal Exception? LastBackgroundError { get; private set; }

    /// <summary>Raised when a queued packet can never be decrypted here and was deleted unread.</summary>
    public event EventHandler<PacketRejectedEventArgs>? PacketRejected;

    /// <summary>
    /// Goes online: authenticates, drains every queued packet in order (each handed over before it is acknowledged),
    /// tops the ephemeral key pool up, then keeps a live stream open for new packets and "pool low" signals.
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        await _connectGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is not null)
            {
                return;
            }
            await Session.TokenAsync(cancellationToken);
            await DrainBacklogAsync(cancellationToken);
            await ReplenishAsync(cancellationToken);
            _connection = new CancellationTokenSource();
            var token = _connection.Token;
            _receiveLoop = Task.Run(() => ReceiveLoopAsync(token), CancellationToken.None);
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>Goes offline: closes the live stream. Device state (keys, pins, messages) stays; connect again at will.</summary>
    public async Task DisconnectAsync()
    {
        await _connectGate.WaitAsync();
        try
        {
            if (_connection is not { } connection)
            {
                return;
            }
            await connection.CancelAsync();
            if (_receiveLoop is { } loop)
            {
                await loop;
            }
            if (_replenishWorker is { } worker)
            {
                await worker;
            }
            connection.Dispose();
            _connection = null;
            _receiveLoop = null;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>
    /// Messages as they are decrypted, from the backlog and the live stream, each exactly once and in mailbox order.
    /// One reader at a time.
    /// </summary>
    public IAsyncEnumerable<ReceivedMessage> ReceiveAllAsync(CancellationToken cancellationToken = default)
        => _inbox.Reader.ReadAllAsync(cancellationToken);

    /// <summary>The next decrypted message, waiting for one if none is ready.</summary>
    public ValueTask<ReceivedMessage> ReceiveAsync(CancellationToken cancellationToken = default) => _inbox.Reader.ReadAsync(cancellationToken);

    /// <summary>A decrypted message if one is ready.</summary>
    public bool TryReceive(out ReceivedMessage? message)
    {
        var found = _inbox.Reader.TryRead(out var next);
        message = next;
        return found;
    }

    /// <summary>Forgets the cached profile of a user, so the next send fetches its node set again.</summary>
    public void InvalidateProfile(string rootIdentifierHex) => _profiles.Invalidate(rootIdentifierHex);

    /// <summary>Disconnects and zeroes every private key and stored message of this device.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        await DisconnectAsync();
        _disposed = true;
        _inbox.Writer.TryComplete();
        Messages.Dispose();
        Pool?.Dispose();
        _ownSecondaryKeys?.Dispose();
        Device.Dispose();
    }

    // Every device call: bearer token in the headers; a refused token is dropped and the call tried once more.
    private async Task<T> CallAsync<T>(Func<CallOptions, AsyncUnaryCall<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var token = await Session.TokenAsync(cancellationToken);
            var headers = AuthSession.Headers(token);
            try
            {
                return await call(new CallOptions(headers, cancellationToken: cancellationToken));
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated && attempt == 0)
            {
                Session.Invalidate(token);
            }
            catch (RpcException ex)
            {
                throw WickrClientException.From(ex);
            }
        }
    }

    private Task<GetProfileResponse> FetchProfileAsync(byte[] rootIdentifier, CancellationToken cancellationToken)
        => CallAsync(o => _accounts.GetProfileAsync(new GetProfileRequest { RootIdentifier = Google.Protobuf.ByteString.CopyFrom(rootIdentifier) }, o), cancellationToken);
}
