using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol.Enrollment;

namespace Wickr.Cluster.LoadTest.Population;

/// <summary>
/// One simulated device: its user (its own, or a room member's shared by the member's devices: then only the first
/// device owns it), a WickrClient over a measured channel, online or not.
/// </summary>
internal sealed class SimulatedDevice(EnrolledUser user, WickrClient client, bool online, bool ownsUser = true) : IAsyncDisposable
{
    private CancellationTokenSource? _reading;
    private Task? _reader;

    public EnrolledUser User { get; } = user;

    public WickrClient Client { get; } = client;

    /// <summary>False for a device that published its pool once and went offline for good.</summary>
    public bool Online { get; } = online;

    public byte[] RootIdentifier => User.Root.Identifier;

    public string NodeHex => Client.NodeIdentifierHex;

    /// <summary>
    /// Reads what arrives the way an app does (every message decoded, its one-time key deleted, acknowledged) and
    /// drops it from the local store, so a long run does not keep every body in memory.
    /// </summary>
    public void StartReading(Chaos.DeliveryLedger? ledger = null, Action<ReceivedMessage>? received = null)
    {
        ledger?.Online(NodeHex);
        if (ledger is not null)
        {
            Client.PacketRejected += (_, e) => ledger.Rejected($"{e.Error}: {e.Reason}");
        }
        _reading = new CancellationTokenSource();
        var token = _reading.Token;
        _reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var message in Client.ReceiveAllAsync(token))
                {
                    ledger?.Received(NodeHex, message.MessageId);
                    received?.Invoke(message);
                    Client.Messages.Delete(message.Sequence);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // The run is over.
            }
        }, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_reading is not null)
        {
            await _reading.CancelAsync();
            if (_reader is not null)
            {
                await _reader;
            }
            _reading.Dispose();
        }
        await Client.DisposeAsync();
        if (ownsUser)
        {
            User.Dispose();
        }
    }
}
