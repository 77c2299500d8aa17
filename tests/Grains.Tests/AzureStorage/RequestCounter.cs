using Azure.Core;
using Azure.Core.Pipeline;

namespace Wickr.Cluster.Grains.Tests.AzureStorage;

/// <summary>Counts the HTTP requests a storage client sends, retries included.</summary>
public sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private int count;

    /// <summary>Requests sent so far.</summary>
    public int Count => Volatile.Read(ref count);

    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref count);
}
