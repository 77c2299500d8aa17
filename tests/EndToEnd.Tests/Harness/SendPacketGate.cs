using Grpc.Core;
using Grpc.Core.Interceptors;
using Wickr.Cluster.Api.V1;

namespace Wickr.Cluster.EndToEnd.Tests.Harness;

/// <summary>
/// Holds every SendPacket call of a client until <see cref="Together"/> of them are waiting at once, then lets them all
/// go: calls made one after another never meet, and after <see cref="World.Patience"/> each goes on alone and
/// <see cref="MetTogether"/> stays false. A call naming a node in <see cref="Unreachable"/> fails as an unreachable
/// gateway would, without reaching it.
/// </summary>
internal sealed class SendPacketGate(int together) : Interceptor
{
    private readonly TaskCompletionSource _met = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiting;
    private int _calls;

    public int Together { get; } = together;

    /// <summary>Whether <see cref="Together"/> calls were held at the same time.</summary>
    public bool MetTogether => _met.Task.IsCompletedSuccessfully;

    /// <summary>SendPacket calls seen (refused ones included).</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Node identifiers (lowercase hex) whose SendPacket calls fail with UNAVAILABLE.</summary>
    public HashSet<string> Unreachable { get; } = new(StringComparer.Ordinal);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (request is not SendPacketRequest send)
        {
            return continuation(request, context);
        }

        Interlocked.Increment(ref _calls);
        var response = HoldAsync(send, request, context, continuation);
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    private async Task<TResponse> HoldAsync<TRequest, TResponse>(
        SendPacketRequest send, TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        if (Interlocked.Increment(ref _waiting) >= Together)
        {
            _met.TrySetResult();
        }

        try
        {
            await _met.Task.WaitAsync(World.Patience);
        }
        catch (TimeoutException)
        {
            // Never met: go on alone, MetTogether tells the test.
        }

        lock (Unreachable)
        {
            if (send.RecipientNodeIdentifiers.Any(n => Unreachable.Contains(Convert.ToHexStringLower(n.Span))))
            {
                throw new RpcException(new Status(StatusCode.Unavailable, "the test's gate holds this packet back"));
            }
        }

        using var call = continuation(request, context);
        return await call.ResponseAsync;
    }
}
