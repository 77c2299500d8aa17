using Grpc.Core;

namespace Wickr.Cluster.Gateway.Tests.Fixtures;

public static class RpcAssert
{
    /// <summary>Asserts the call fails with <paramref name="code"/> and a message containing <paramref name="fragment"/>.</summary>
    public static async Task<RpcException> FailsAsync(StatusCode code, string fragment, Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, ex.StatusCode);
        Assert.Contains(fragment, ex.Status.Detail, StringComparison.OrdinalIgnoreCase);
        return ex;
    }

    public static Task<RpcException> FailsAsync<T>(StatusCode code, string fragment, Func<AsyncUnaryCall<T>> call) =>
        FailsAsync(code, fragment, async () => await call());
}
