using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.FilesBench.Baseline;

namespace Wickr.Cluster.FilesBench;

/// <summary>The plain gRPC baseline: bytes in, bytes out, nothing else.</summary>
internal sealed class BlobStreamService : BlobStream.BlobStreamBase
{
    private static readonly ByteString Block = ByteString.CopyFrom(new byte[1024 * 1024]);

    public override async Task<PutReply> Put(IAsyncStreamReader<Chunk> requestStream, ServerCallContext context)
    {
        long received = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            received += requestStream.Current.Data.Length;
        }
        return new PutReply { Received = received };
    }

    public override async Task Get(GetRequest request, IServerStreamWriter<Chunk> responseStream, ServerCallContext context)
    {
        for (long left = request.Size; left > 0; left -= Block.Length)
        {
            var data = left >= Block.Length ? Block : ByteString.CopyFrom(Block.Span[..(int)left]);
            await responseStream.WriteAsync(new Chunk { Data = data }, context.CancellationToken);
        }
    }
}
