using Grpc.Core;
using Wickr.Cluster.ClientLib.Files;
using Wickr.Cluster.ClientLib.Pools;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Files;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Protocol.Recovery;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// One device (node) talking to the gateway: the paper's whole flow. It authenticates with its node key, keeps its
/// ephemeral key pool published (on connect and whenever the server says the pool is low), sends to users (profiles,
/// one claimed key per recipient node, chain validation, root pinning, one packet for every node including the
/// sender's other devices), and receives from the backlog and the live stream: decode, delete the used ephemeral
/// private key, keep the message in <see cref="Messages"/> (which honours time to live and burn-on-read), hand it
/// over, then acknowledge. Private keys and tokens stay in memory and are never logged.
/// </summary>
// A façade: each responsibility is a class of its own (gateway calls, connection, sending, receiving, pool upkeep,
// secondary keys, files, recovery), wired together in the constructor; every member here only forwards.
public sealed class WickrClient : IAsyncDisposable
{
    private readonly GatewayCalls _gateway;
    private readonly ProfileCache _profiles;
    private readonly BackgroundErrors _errors = new();
    private readonly EphemeralPoolKeeper _pool;
    private readonly SecondaryKeyExchange _secondaryKeys;
    private readonly KeyClaimer _claimer;
    private readonly MessageDispatcher _dispatcher;
    private readonly PacketReceiver _receiver;
    private readonly DeviceConnection _connection;
    private readonly FileTransfer _files;
    private readonly RecoveryBackups _recovery;
    private readonly MemoryClientState? _ownState;
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
        options ??= new WickrClientOptions();
        options.Validate();
        Device = device;
        _ownState = options.State is null ? new MemoryClientState(options.TimeProvider) : null;
        State = options.State ?? _ownState!;
        var session = new AuthSession(new Api.V1.Auth.AuthClient(channel), device, options.Suite, options.TimeProvider, options.TokenRefreshMargin);
        _gateway = new GatewayCalls(channel, session);
        _profiles = new ProfileCache(options.Suite, options.TimeProvider, options.ProfileLifetime, (root, ct) => _gateway.CallAsync(
            o => _gateway.Accounts.GetProfileAsync(new Api.V1.GetProfileRequest { RootIdentifier = Google.Protobuf.ByteString.CopyFrom(root) }, o), ct));
        _pool = new EphemeralPoolKeeper(_gateway, device, options, State, _errors, pool,
            e => PoolLowSignalled?.Invoke(this, e), e => KeysReplenished?.Invoke(this, e));
        _secondaryKeys = new SecondaryKeyExchange(device, options);
        _claimer = new KeyClaimer(_gateway, device, options, _profiles, Trust);
        _dispatcher = new MessageDispatcher(_gateway, device, options, _claimer, _secondaryKeys);
        var opener = new PacketOpener(device, options, _profiles, Trust, _pool, _secondaryKeys);
        Groups = new Groups.GroupBook(options.State as Groups.IGroupStore ?? new Groups.MemoryGroupStore(), device.Chain.Root.IdentifierHex);
        _receiver = new PacketReceiver(_gateway, options, State, opener, _pool, _errors, e => PacketRejected?.Invoke(this, e),
            Groups, u => GroupUpdated?.Invoke(this, new Groups.GroupUpdatedEventArgs(u)));
        _connection = new DeviceConnection(_gateway, _receiver, _pool);
        _files = new FileTransfer(_gateway, options, _dispatcher);
        _recovery = new RecoveryBackups(_gateway, device, options);
        Trust.Check(device.Chain.Root);
    }

    /// <summary>Raised when a queued packet can never be decrypted here and was deleted unread.</summary>
    public event EventHandler<PacketRejectedEventArgs>? PacketRejected;

    /// <summary>
    /// Raised on the live stream's reader when the server says this device's pool is below its low-water mark,
    /// before the replenish it triggers starts. Handlers run inline and must return quickly.
    /// </summary>
    public event EventHandler<PoolLowEventArgs>? PoolLowSignalled;

    /// <summary>
    /// Raised after a replenish (on connect, on a signal, or called directly) has published its one-time keys; not
    /// raised when nothing was needed. Handlers run inline and must return quickly.
    /// </summary>
    public event EventHandler<KeysReplenishedEventArgs>? KeysReplenished;

    /// <summary>
    /// Raised for every group control message kept (applied or refused), before the message is handed over. Handlers
    /// run inline on the receiver and must return quickly.
    /// </summary>
    public event EventHandler<Groups.GroupUpdatedEventArgs>? GroupUpdated;

    /// <summary>This device's groups and rooms (kept in <see cref="State"/> when it is an <see cref="Groups.IGroupStore"/>, else in memory).</summary>
    public Groups.GroupBook Groups { get; }

    /// <summary>This device's enrollment: chain, node key, dev_id.</summary>
    public EnrolledDevice Device { get; }

    /// <summary>The user's root identifier, lowercase hex.</summary>
    public string RootIdentifierHex => Device.Chain.Root.IdentifierHex;

    /// <summary>This node's identifier, lowercase hex.</summary>
    public string NodeIdentifierHex => Device.Chain.Node.IdentifierHex;

    /// <summary>The roots pinned for the users this device has talked to (its own user's root is pinned at start).</summary>
    public TrustStore Trust { get; } = new();

    /// <summary>Received messages, deleted when their time to live or burn-on-read time runs out: <see cref="State"/>'s.</summary>
    public IMessageStore Messages => State;

    /// <summary>Where keys, received messages and the replay check outlive a restart (in memory unless the options name a store).</summary>
    public IClientState State { get; }

    /// <summary>True between <see cref="ConnectAsync"/> and <see cref="DisconnectAsync"/>.</summary>
    public bool IsConnected => _connection.IsConnected;

    /// <summary>How many one-time ephemeral keys this client has published.</summary>
    public long KeysPublished => _pool.KeysPublished;

    /// <summary>The highest mailbox sequence handed over (or rejected) so far; a figure, not a watermark: a lower one may still come.</summary>
    public long LastHandledSequence => _receiver.LastHandledSequence;

    /// <summary>The private halves of the keys this device handed to contact devices (for a device store to persist).</summary>
    public SecondaryKeyPool OwnSecondaryKeys => _secondaryKeys.Own;

    /// <summary>The keys contact devices handed to this device, per contact node (for a device store to persist).</summary>
    public SecondaryKeyCache PeerSecondaryKeys => _secondaryKeys.Peers;

    /// <summary>How many recipient nodes this device encrypted to with a handed-over key instead of a claimed one.</summary>
    public long SecondaryKeysUsed => _secondaryKeys.Used;

    /// <summary>How many received packets were decrypted with one of this device's handed-out keys.</summary>
    public long SecondaryKeysRedeemed => _secondaryKeys.Redeemed;

    /// <summary>The private halves of this device's ephemeral keys (null until the pool is known).</summary>
    internal EphemeralKeyPool? Pool => _pool.Pool;

    internal ChannelBase Transport => _gateway.Channel;

    internal AuthSession Session => _gateway.Session;

    /// <summary>The last failure of a background task (live stream, replenishing); for diagnostics, never key material.</summary>
    internal Exception? LastBackgroundError => _errors.Last;

    /// <summary>
    /// Goes online: authenticates, drains every queued packet in order (each handed over before it is acknowledged),
    /// tops the ephemeral key pool up, then keeps a live stream open for new packets and "pool low" signals.
    /// </summary>
    public Task ConnectAsync(CancellationToken cancellationToken = default) => _connection.ConnectAsync(cancellationToken);

    /// <summary>Goes offline: closes the live stream. Device state (keys, pins, messages) stays; connect again at will.</summary>
    public Task DisconnectAsync() => _connection.DisconnectAsync();

    /// <summary>
    /// Messages as they are decrypted, from the backlog and the live stream, each exactly once and in mailbox order.
    /// One reader at a time. A reader that falls more than <see cref="WickrClientOptions.InboxCapacity"/> behind loses
    /// nothing: it reads the rest from <see cref="Messages"/> (where one deleted or expired meanwhile is gone).
    /// </summary>
    public IAsyncEnumerable<ReceivedMessage> ReceiveAllAsync(CancellationToken cancellationToken = default)
        => _receiver.Inbox.ReadAllAsync(cancellationToken);

    /// <summary>The next decrypted message, waiting for one if none is ready.</summary>
    public ValueTask<ReceivedMessage> ReceiveAsync(CancellationToken cancellationToken = default) => _receiver.Inbox.ReadAsync(cancellationToken);

    /// <summary>A decrypted message if one is ready.</summary>
    public bool TryReceive(out ReceivedMessage? message) => _receiver.Inbox.TryRead(out message);

    /// <summary>Sends <paramref name="message"/> to one user (every device) and to this user's other devices.</summary>
    public Task<SendResult> SendAsync(byte[] recipientRootIdentifier, PlainMessage message, string? messageId = null, CancellationToken cancellationToken = default)
        => SendAsync([recipientRootIdentifier], message, messageId, cancellationToken);

    /// <summary>
    /// Sends <paramref name="message"/> to every device of every user in <paramref name="recipientRootIdentifiers"/> and
    /// to this user's other devices: fetches the profiles, claims one ephemeral key per node, validates every chain
    /// against the pinned root, encodes one packet and queues it for all nodes. A send under the same
    /// <paramref name="messageId"/> is stored once per node, so retrying a failed call is safe. Throws
    /// <see cref="WickrException"/> (Chain) when a user presents another root than the one pinned, and
    /// <see cref="WickrClientException"/> when the gateway refuses a call as a whole.
    /// </summary>
    public Task<SendResult> SendAsync(
        IReadOnlyCollection<byte[]> recipientRootIdentifiers, PlainMessage message, string? messageId = null, CancellationToken cancellationToken = default)
        => _dispatcher.SendAsync(recipientRootIdentifiers, message, messageId, cancellationToken);

    /// <summary>
    /// Claims one ephemeral key for every device of every user in <paramref name="recipientRootIdentifiers"/> (and of
    /// this user's other devices) exactly as <see cref="SendAsync(IReadOnlyCollection{byte[]}, PlainMessage, string?, CancellationToken)"/>
    /// does, then sends nothing. Each one-time key claimed is gone from its pool: this is what a sender that never
    /// follows up costs a recipient, which load tests of pool replenishment need to play.
    /// </summary>
    public Task<IReadOnlyList<KeyClaim>> ClaimKeysAsync(IReadOnlyCollection<byte[]> recipientRootIdentifiers, CancellationToken cancellationToken = default)
        => _claimer.ClaimKeysAsync(recipientRootIdentifiers, cancellationToken);

    /// <summary>The server's view of this device's pool.</summary>
    public Task<PoolState> GetPoolStatusAsync(CancellationToken cancellationToken = default) => _pool.GetStatusAsync(cancellationToken);

    /// <summary>
    /// Tops the published pool up to the target size (within the server's capacity) and sets a last-resort key if
    /// none is set. Returns how many one-time keys were published. One replenish runs at a time.
    /// </summary>
    public Task<int> ReplenishAsync(CancellationToken cancellationToken = default) => _pool.ReplenishAsync(cancellationToken);

    /// <summary>Forgets the cached profile of a user, so the next send fetches its node set again.</summary>
    public void InvalidateProfile(string rootIdentifierHex) => _profiles.Invalidate(rootIdentifierHex);

    /// <summary>
    /// Encrypts the file at <paramref name="path"/>, uploads it and sends it to every device of
    /// <paramref name="recipientRootIdentifiers"/> (and this user's other devices); then tells the server which
    /// nodes got it, so the blob is deleted once they all downloaded it. Progress: encrypting, then uploading.
    /// </summary>
    public Task<FileSendResult> SendFileAsync(
        IReadOnlyCollection<byte[]> recipientRootIdentifiers, string path, IProgress<FileTransferProgress>? progress = null,
        CancellationToken cancellationToken = default)
        => _files.SendAsync(recipientRootIdentifiers, path, progress, cancellationToken);

    /// <summary>As <see cref="SendFileAsync(IReadOnlyCollection{byte[]}, string, IProgress{FileTransferProgress}?, CancellationToken)"/>, the message under <paramref name="channelTag"/> (a group's id).</summary>
    internal Task<FileSendResult> SendFileAsync(
        IReadOnlyCollection<byte[]> recipientRootIdentifiers, string path, IProgress<FileTransferProgress>? progress, CancellationToken cancellationToken, byte[] channelTag)
        => _files.SendAsync(recipientRootIdentifiers, path, progress, cancellationToken, channelTag);

    /// <summary>
    /// Encrypts the file at <paramref name="path"/> into a temporary file and uploads it. If the upload is
    /// interrupted (cancelled, connection lost), <see cref="ResumeUploadAsync"/> continues from the last stored
    /// offset; the returned handle (or the exception's, see <see cref="FileUploadInterruptedException"/>) carries it.
    /// </summary>
    /// <param name="path">The file to send.</param>
    /// <param name="progress">Encrypting, then uploading.</param>
    /// <param name="retention">Delete the blob after this long even if not every recipient downloaded it (null: the server's retention, which also caps it).</param>
    /// <param name="cancellationToken">Stops the transfer; the handle in the exception resumes it.</param>
    public Task<FileUpload> UploadFileAsync(
        string path, IProgress<FileTransferProgress>? progress = null, TimeSpan? retention = null, CancellationToken cancellationToken = default)
        => _files.UploadAsync(path, progress, retention, cancellationToken);

    /// <summary>
    /// Uploads what the server does not have yet: asks for the stored offset and streams from there. Retries a lost
    /// connection a few times, each time from the offset the server confirms.
    /// </summary>
    public Task ResumeUploadAsync(FileUpload upload, IProgress<FileTransferProgress>? progress = null, CancellationToken cancellationToken = default)
        => _files.ResumeUploadAsync(upload, progress, cancellationToken);

    /// <summary>
    /// Sends the message for an uploaded file (<see cref="UploadFileAsync"/>) to every device of
    /// <paramref name="recipientRootIdentifiers"/>, then names the nodes that got it to the server.
    /// </summary>
    public Task<FileSendResult> SendFileAsync(IReadOnlyCollection<byte[]> recipientRootIdentifiers, FileUpload upload, CancellationToken cancellationToken = default)
        => _files.SendAsync(recipientRootIdentifiers, upload, cancellationToken);

    /// <summary>
    /// Downloads the file a message describes into <paramref name="outputPath"/>: the encrypted blob goes to a
    /// temporary file, is decrypted into another, and the plaintext is moved into place only after the tag and the
    /// digest verify; then the server is told this node has it. A changed, truncated, extended or reordered blob
    /// throws <see cref="WickrException"/> (<see cref="WickrError.Decrypt"/>) and leaves nothing at the path.
    /// </summary>
    public Task<FileSeal> DownloadFileAsync(
        FileDescriptor file, string outputPath, IProgress<FileTransferProgress>? progress = null, CancellationToken cancellationToken = default)
        => _files.DownloadAsync(file, outputPath, progress, cancellationToken);

    /// <summary>
    /// Stores <paramref name="user"/>'s recovery backup on the server: the bundle (Kr, Knsr, Krs under Krbk) with Krbk
    /// sealed under <paramref name="passphrase"/>, fetchable only with the access key derived from the same passphrase
    /// (see <see cref="WickrAccounts.FetchRecoveryBundleAsync(ChannelBase, byte[], string, WickrClientOptions?, PassphraseKdf, CancellationToken)"/>).
    /// Replaces any earlier backup. <paramref name="user"/> must be this device's user. A network whose recovery policy
    /// is <see cref="RecoveryPolicy.HardenedOnly"/> refuses it (FAILED_PRECONDITION, nothing stored).
    /// </summary>
    public Task StoreRecoveryBundleAsync(EnrolledUser user, string passphrase, PassphraseKdf kdf = PassphraseKdf.Scrypt17, CancellationToken cancellationToken = default)
        => _recovery.StoreAsync(user, passphrase, kdf, cancellationToken);

    /// <summary>
    /// Stores <paramref name="user"/>'s hardened recovery backup: the bundle alone, fetchable only with the access key
    /// derived from Krbk. Returns Krbk as text (<paramref name="format"/>) for the user to keep: without it the bundle
    /// can be neither fetched nor opened. Replaces any earlier backup.
    /// </summary>
    public Task<string> StoreHardenedRecoveryBundleAsync(EnrolledUser user, RecoveryKeyFormat format = RecoveryKeyFormat.Base32, CancellationToken cancellationToken = default)
        => _recovery.StoreHardenedAsync(user, format, cancellationToken);

    /// <summary>Disconnects and zeroes every private key of this device, and every message when they are held in memory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        await _connection.CloseAsync();
        _disposed = true;
        _receiver.Inbox.Complete();
        _ownState?.Dispose();
        _pool.Dispose();
        _secondaryKeys.Dispose();
        Device.Dispose();
    }

    /// <summary>Stores an encoded recovery blob under <paramref name="accessKey"/> (zeroed when done), signed with the root key.</summary>
    internal Task StoreRecoveryBundleBytesAsync(EnrolledUser user, byte[] bundle, byte[] accessKey, CancellationToken cancellationToken)
        => _recovery.StoreBytesAsync(user, bundle, accessKey, cancellationToken);

    /// <summary>A user's profile (root and every node's chain), from the cache unless <paramref name="refresh"/>.</summary>
    internal Task<PeerProfile> GetUserProfileAsync(byte[] rootIdentifier, bool refresh, CancellationToken cancellationToken)
        => _profiles.GetAsync(rootIdentifier, refresh, cancellationToken);
}
