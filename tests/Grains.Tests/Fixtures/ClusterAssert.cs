using Wickr.Cluster.Grains.Interfaces;
namespace Wickr.Cluster.Grains.Tests.Fixtures;

public static class ClusterAssert
{
    /// <summary>Asserts the call fails with a <see cref="ClusterException"/> carrying <paramref name="code"/>.</summary>
    public static async Task<ClusterException> FailsWith(ClusterErrorCode code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<ClusterException>(call);
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }
}
