using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Wickr.Cluster.Api.V1;

namespace Wickr.Cluster.EndToEnd.Tests.Harness;

/// <summary>
/// A channel to the real gateway on which one node's grain is unreachable for its first <paramref name="times"/>
/// claims and packets, as while the silo holding it restarts: that node is taken out of the request the gateway gets,
/// and the reply names it UNAVAILABLE, the way the gateway answers a node whose grain call failed.
/// </summary>
internal sealed class UnreachableNodes(ChannelBase gateway, byte[] node, int times) : ChannelBase(gateway.Target)
{
    private readonly Cut _cut = new(node, times);

    /// <summary>How often the node was cut out of a request so far.</summary>
    public int Cuts => _cut.Count;

    public override CallInvoker CreateCallInvoker() => gateway.CreateCallInvoker().Intercept(_cut);

    private sealed class Cut(byte[] node, int times) : Interceptor
    {
        private readonly ByteString _node = ByteString.CopyFrom(node);
        private readonly Lock _gate = new();
        private int _count;

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _count;
                }
            }
        }

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            switch (request)
            {
                case SendPacketRequest send when send.RecipientNodeIdentifiers.Contains(_node) && send.RecipientNodeIdentifiers.Count > 1 && Take():
                {
                    var rest = send.Clone();
                    rest.RecipientNodeIdentifiers.Remove(_node);
                    var call = continuation((TRequest)(object)rest, context);
                    return Reply(call, async () =>
                    {
                        var reply = (SendPacketResponse)(object)(await call.ResponseAsync);
                        reply.Deliveries.Add(new Delivery { NodeIdentifier = _node, ErrorCode = (int)StatusCode.Unavailable, ErrorMessage = "the node's silo is unavailable" });
                        return (TResponse)(object)reply;
                    });
                }
                case ClaimKeysRequest claim when claim.NodeIdentifiers.Contains(_node) && claim.NodeIdentifiers.Count > 1 && Take():
                {
                    var rest = claim.Clone();
                    rest.NodeIdentifiers.Remove(_node);
                    var call = continuation((TRequest)(object)rest, context);
                    return Reply(call, async () =>
                    {
                        var reply = (ClaimKeysResponse)(object)(await call.ResponseAsync);
                        reply.Keys.Add(new ClaimedKey { NodeIdentifier = _node, ErrorCode = (int)StatusCode.Unavailable, ErrorMessage = "the node's silo is unavailable" });
                        return (TResponse)(object)reply;
                    });
                }
                default:
                    return continuation(request, context);
            }
        }

        private bool Take()
        {
            lock (_gate)
            {
                if (_count >= times)
                {
                    return false;
                }
                _count++;
                return true;
            }
        }

        private static AsyncUnaryCall<TResponse> Reply<TResponse>(AsyncUnaryCall<TResponse> call, Func<Task<TResponse>> response) =>
            new(response(), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }
}
