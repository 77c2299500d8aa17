namespace Wickr.Cluster.LoadTest.Target;

/// <summary>A local silo with its gateway, started for one run and stopped after it.</summary>
internal interface IEmbeddedCluster : IAsyncDisposable
{
    /// <summary>The gateway's gRPC address (h2c on loopback).</summary>
    Uri Gateway { get; }
}
