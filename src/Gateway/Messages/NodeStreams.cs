using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Wickr.Cluster.Gateway.Messages;

/// <summary>
/// The open Subscribe streams of each node on this gateway, capped at <see cref="GatewayOptions.MaxStreamsPerNode"/>:
/// a stolen or buggy token cannot pin an unbounded number of streams (and grain observers) on one node.
/// </summary>
internal sealed class NodeStreams(IOptions<GatewayOptions> options)
{
    private readonly Dictionary<string, int> _open = [];
    private readonly Lock _gate = new();

    /// <summary>Takes a stream slot for the node, released by disposing it; RESOURCE_EXHAUSTED when the node has none left.</summary>
    public IDisposable Open(byte[] nodeIdentifier)
    {
        var node = Convert.ToHexStringLower(nodeIdentifier);
        var max = options.Value.MaxStreamsPerNode;
        lock (_gate)
        {
            var open = _open.GetValueOrDefault(node);
            if (open >= max)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"Subscribe: the node already has {max} open streams on this gateway; close one before opening another."));
            }

            _open[node] = open + 1;
        }

        return new Slot(this, node);
    }

    /// <summary>Streams open for the node now.</summary>
    public int Count(byte[] nodeIdentifier)
    {
        lock (_gate)
        {
            return _open.GetValueOrDefault(Convert.ToHexStringLower(nodeIdentifier));
        }
    }

    private void Close(string node)
    {
        lock (_gate)
        {
            if (_open[node] <= 1)
            {
                _open.Remove(node);
            }
            else
            {
                _open[node]--;
            }
        }
    }

    private sealed class Slot(NodeStreams owner, string node) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Close(node);
            }
        }
    }
}
