using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>How a <see cref="WickrClient"/> behaves towards the gateway. The defaults suit the gateway's defaults.</summary>
public sealed class WickrClientOptions
{
    /// <summary>
    /// The one-time keys a device keeps published unless told otherwise: 200. The default of
    /// <see cref="PoolTargetSize"/>, of <see cref="Storage.StoredDeviceOptions.PoolTargetSize"/> and of the CLI.
    /// </summary>
    public const int DefaultPoolTargetSize = 200;

    /// <summary>The cryptographic suite for keys, packets and request signatures.</summary>
    public ICryptoSuite Suite { get; init; } = P521Suite.Instance;

    /// <summary>
    /// An operator's registration token (text form of <see cref="Protocol.Enrollment.RegistrationToken"/>) sent when a user is
    /// registered; needed by a gateway whose registration policy is Invite. Default none.
    /// </summary>
    public string? RegistrationToken { get; init; }

    /// <summary>
    /// Where file downloads keep their 0600 scratch files (the encrypted download, the authenticated plaintext before it
    /// moves into place). A stored device uses its store's folder, which it cleans when it opens; null: the system's temp
    /// folder for the encrypted file and the output's folder for the plaintext.
    /// </summary>
    public string? ScratchFolder { get; init; }

    /// <summary>The clock for token refresh, profile freshness and the in-memory message store's TTL and burn-on-read.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How many one-time ephemeral keys the device keeps published (capped by the server's pool capacity). Default <see cref="DefaultPoolTargetSize"/>.</summary>
    public int PoolTargetSize { get; init; } = DefaultPoolTargetSize;

    /// <summary>Keys per upload call: 1 to <see cref="ProtocolLimits.MaxUploadKeys"/>, the default.</summary>
    public int UploadBatchSize { get; init; } = ProtocolLimits.MaxUploadKeys;

    /// <summary>
    /// Node identifiers per ClaimKeys or SendPacket call: 1 to the lesser of <see cref="ProtocolLimits.MaxClaimNodes"/>
    /// and <see cref="ProtocolLimits.MaxRecipients"/>, the default (500), which is also the gateway's default: a send
    /// to a room of 500 nodes is one ClaimKeys and one SendPacket call. Lower it for a gateway configured to take less.
    /// </summary>
    public int NodesPerRequest { get; init; } = MaxNodesPerRequest;

    /// <summary>
    /// Most recipient nodes one packet names: 1 to <see cref="ProtocolLimits.MaxRecipients"/>, the default. A send to more
    /// nodes goes as the fewest packets of at most this many (same message id). A packet carries a key exchange of
    /// ~100 bytes per node it names; the embedded and PostgreSQL stores keep each packet once for all its mailboxes,
    /// while on Azure Tables every mailbox stores the whole packet, so a send to N nodes stores about
    /// N × (this × ~100 bytes + body) there: smaller packets cost it less storage and the sender one more key
    /// generation and signature per packet.
    /// </summary>
    public int RecipientsPerPacket { get; init; } = ProtocolLimits.MaxRecipients;

    /// <summary>
    /// SendPacket (and ClaimKeys) calls one send keeps in flight at most when it needs several (more recipient nodes
    /// than <see cref="RecipientsPerPacket"/> or <see cref="NodesPerRequest"/>): 1 to <see cref="MaxSendRequestsInFlight"/>.
    /// The next packet is encoded while the earlier ones are on their way, so a 500-member room of 3 devices each (3
    /// packets) waits for the cluster about as long as for one packet. Default 4; 1 makes the calls one after another.
    /// </summary>
    public int SendRequestsInFlight { get; init; } = 4;

    /// <summary>A token is renewed when less than this is left of it (or less than a third of its lifetime). Default 30 s.</summary>
    public TimeSpan TokenRefreshMargin { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a fetched user profile is trusted to list every node of the user. Default 1 minute.</summary>
    public TimeSpan ProfileLifetime { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often a send is retried, with the same message id and packet, when the gateway is unreachable, and how often
    /// a node the gateway could not reach (its grain's silo restarting) is sent the packet, or asked for a key, again.
    /// Default 3.
    /// </summary>
    public int SendRetries { get; init; } = 3;

    /// <summary>Pause before a retried send or a re-opened live stream. Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Where ephemeral private keys, received messages and the replay check are kept across restarts; null keeps
    /// them in memory (<see cref="MemoryClientState"/>, owned and disposed by the client).
    /// </summary>
    public IClientState? State { get; init; }

    /// <summary>
    /// How many received messages wait for <see cref="WickrClient.ReceiveAsync"/> in memory. Beyond that the receiver
    /// goes on keeping them in the store, and the reader takes them from there once it catches up. Default 1,000.
    /// </summary>
    public int InboxCapacity { get; init; } = 1_000;

    /// <summary>
    /// How long the device waits after a "pool low" signal before it replenishes (a phone that batches background
    /// work reacts late). Default zero: at once.
    /// </summary>
    public TimeSpan ReplenishDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Secondary key pools: keys handed to contact devices inside messages. See <see cref="Pools.SecondaryKeyPolicy"/>.</summary>
    public Pools.SecondaryKeyPolicy SecondaryKeys { get; init; } = new();

    /// <summary>The most nodes one ClaimKeys or SendPacket request may name under the protocol's limits.</summary>
    /// <summary>The most calls one send may keep in flight (<see cref="SendRequestsInFlight"/>).</summary>
    public const int MaxSendRequestsInFlight = 16;

    internal const int MaxNodesPerRequest = ProtocolLimits.MaxClaimNodes < ProtocolLimits.MaxRecipients ? ProtocolLimits.MaxClaimNodes : ProtocolLimits.MaxRecipients;

    internal void Validate()
    {
        SecondaryKeys.Validate();
        if (RecipientsPerPacket < 1 || RecipientsPerPacket > ProtocolLimits.MaxRecipients)
        {
            throw new ArgumentException($"a packet names 1 to {ProtocolLimits.MaxRecipients} recipient nodes (the protocol's limit)");
        }
        if (SendRequestsInFlight < 1 || SendRequestsInFlight > MaxSendRequestsInFlight)
        {
            throw new ArgumentException($"a message keeps 1 to {MaxSendRequestsInFlight} SendPacket calls in flight");
        }
        if (PoolTargetSize < 1 || UploadBatchSize < 1 || NodesPerRequest < 1 || InboxCapacity < 1 || SendRetries < 0)
        {
            throw new ArgumentException("pool target, upload batch, nodes per request and inbox capacity must be positive, retries not negative");
        }
        if (UploadBatchSize > ProtocolLimits.MaxUploadKeys || NodesPerRequest > MaxNodesPerRequest)
        {
            throw new ArgumentException(
                $"an upload carries at most {ProtocolLimits.MaxUploadKeys} keys and a request names at most {MaxNodesPerRequest} nodes (the protocol's limits)");
        }
        if (TokenRefreshMargin < TimeSpan.Zero || ProfileLifetime < TimeSpan.Zero || RetryDelay < TimeSpan.Zero || ReplenishDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("token margin, profile lifetime, retry and replenish delays must not be negative");
        }
    }
}
