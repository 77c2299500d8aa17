namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// Online and offline: connecting authenticates, drains the mailbox backlog, tops the key pool up and opens the
/// live stream; disconnecting closes the stream and waits for the replenish it may have started. One at a time.
/// </summary>
internal sealed class DeviceConnection(GatewayCalls gateway, PacketReceiver receiver, EphemeralPoolKeeper pool)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CancellationTokenSource? _connection;
    private Task? _receiveLoop;
    private bool _closed;

    public bool IsConnected => _connection is not null;

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_closed, typeof(WickrClient));
            if (_connection is not null)
            {
                return;
            }
            await gateway.Session.TokenAsync(cancellationToken);
            await receiver.DrainBacklogAsync(cancellationToken);
            await pool.ReplenishAsync(cancellationToken);
            _connection = new CancellationTokenSource();
            var token = _connection.Token;
            _receiveLoop = Task.Run(() => receiver.ReceiveLoopAsync(token), CancellationToken.None);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task DisconnectAsync() => StopAsync(close: false);

    /// <summary>Disconnects for good: a later connect throws <see cref="ObjectDisposedException"/>.</summary>
    public Task CloseAsync() => StopAsync(close: true);

    private async Task StopAsync(bool close)
    {
        await _gate.WaitAsync();
        try
        {
            if (_connection is { } connection)
            {
                await connection.CancelAsync();
                if (_receiveLoop is { } loop)
                {
                    await loop;
                }
                await pool.Worker;
                connection.Dispose();
                _connection = null;
                _receiveLoop = null;
            }
            _closed |= close;
        }
        finally
        {
            _gate.Release();
        }
    }
}
