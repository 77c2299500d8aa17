using Grpc.Core;
using Wickr.Cluster.Load.Echo;

namespace Wickr.Cluster.Load;

/// <summary>The echo RPC: the cost of gRPC alone, for the same payload size.</summary>
internal sealed class EchoService : Echo.Echo.EchoBase
{
    public override Task<EchoMessage> Echo(EchoMessage request, ServerCallContext context) => Task.FromResult(request);
}
