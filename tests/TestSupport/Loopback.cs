using System.Net;
using System.Net.Sockets;

namespace Wickr.Cluster.Testing;

/// <summary>
/// Loopback ports for test hosts: every server a test starts listens on 127.0.0.1 only. A host's HTTP endpoints bind
/// port 0 and announce the port they got (<see cref="HostProcess.AddressAsync"/>); only Orleans' silo and gateway ports
/// are picked here, because Orleans cannot bind port 0: a silo's address, port included, is fixed and written to the
/// membership before it listens (its options validator refuses SiloPort 0, and GatewayPort 0 means "no gateway").
/// </summary>
public static class Loopback
{
    private const int Attempts = 4;

    /// <summary>
    /// Distinct loopback ports that were free a moment ago: for Orleans' ports, through <see cref="WithFreePortsAsync"/>,
    /// and for a port that must stay closed.
    /// </summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    /// <summary>
    /// Runs <paramref name="start"/> with <paramref name="count"/> free ports, and again with fresh ones when it failed
    /// because another process took one of them between the pick and the bind (<see cref="IsPortTaken"/>); any other
    /// failure, and the last attempt's, is thrown. <paramref name="start"/> cleans up what it started before it throws.
    /// </summary>
    public static async Task<T> WithFreePortsAsync<T>(int count, Func<int[], Task<T>> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start(FreePorts(count));
            }
            catch (Exception e) when (attempt < Attempts && IsPortTaken(e))
            {
                // Lost the race for a port: pick again.
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="failure"/> (or one it wraps, or the host log in its message) says an address was in use.
    /// </summary>
    public static bool IsPortTaken(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
                || e.Message.Contains("Address already in use", StringComparison.OrdinalIgnoreCase)
                || e.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsPortTaken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether something accepts connections on <paramref name="port"/>.</summary>
    public static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// A handler whose connections leave from <paramref name="local"/> (say 127.0.0.2, also loopback on Linux): a
    /// second caller with its own source address on this machine, as a gateway counts sources.
    /// </summary>
    public static SocketsHttpHandler HandlerFrom(IPAddress local) => new()
    {
        // As a gRPC channel's own handler does: another connection once one carries the gateway's most streams.
        EnableMultipleHttp2Connections = true,
        ConnectCallback = async (context, cancellation) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellation);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
