using Grpc.Core;

namespace Wickr.Cluster.LoadTest.Metrics;

/// <summary>A Subscribe stream's reader that notes each packet's arrival (by message id) as it is read off the wire, before the client decodes it.</summary>
internal sealed class ArrivalReader<T>(IAsyncStreamReader<T> inner, RunRecorder recorder) : IAsyncStreamReader<T>
{
    public T Current => inner.Current;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (!await inner.MoveNext(cancellationToken))
        {
            return false;
        }
        if (RpcInterceptor.ArrivedMessageIdOf(inner.Current) is { } messageId)
        {
            recorder.PacketArrived(messageId);
        }
        return true;
    }
}
