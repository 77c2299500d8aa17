using System.Buffers.Binary;
using System.Net;

namespace Wickr.Cluster.LoadTest.SlowBodies;

/// <summary>
/// A gRPC request body that announces <see cref="UnfinishedMethod.Announced"/> bytes, sends <see cref="UnfinishedMethod.Sent"/>
/// of them and then nothing until the call ends (the gateway resets it, or <c>stop</c>).
/// </summary>
internal sealed class UnfinishedBody : HttpContent
{
    private readonly UnfinishedMethod _method;
    private readonly Action _reached;
    private readonly CancellationToken _stop;

    /// <param name="method">What the body announces and sends.</param>
    /// <param name="reached">Called once the prefix and the first bytes went out on an open stream.</param>
    /// <param name="stop">Ends the body (and the call) from the client's side.</param>
    public UnfinishedBody(UnfinishedMethod method, Action reached, CancellationToken stop)
    {
        _method = method;
        _reached = reached;
        _stop = stop;
        Headers.TryAddWithoutValidation("content-type", "application/grpc");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // The handler cancels its token when the stream is reset: the body's task ends with the call.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop, cancellationToken);
        var start = new byte[5 + _method.Sent];
        BinaryPrimitives.WriteUInt32BigEndian(start.AsSpan(1, 4), (uint)_method.Announced);
        await stream.WriteAsync(start, linked.Token);
        await stream.FlushAsync(linked.Token);
        _reached();
        await Task.Delay(Timeout.Infinite, linked.Token);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
