namespace Wickr.Cluster.ClientLib.Client;

/// <summary>The server signalled that this device's ephemeral key pool is low.</summary>
/// <param name="remaining">One-time keys left when the server signalled.</param>
/// <param name="receivedAt">When the signal arrived, by the client's clock.</param>
public sealed class PoolLowEventArgs(int remaining, DateTimeOffset receivedAt) : EventArgs
{
    /// <summary>One-time keys left when the server signalled.</summary>
    public int Remaining { get; } = remaining;

    /// <summary>When the signal arrived, by the client's clock.</summary>
    public DateTimeOffset ReceivedAt { get; } = receivedAt;
}
