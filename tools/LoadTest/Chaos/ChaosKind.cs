namespace Wickr.Cluster.LoadTest.Chaos;

/// <summary>What a chaos action does to the local cluster.</summary>
internal enum ChaosKind
{
    /// <summary><c>kill-silo</c>: SIGKILL of the oldest silo, not replaced (add-silo brings one back).</summary>
    KillSilo,

    /// <summary><c>stop-silo</c>: SIGTERM of the oldest silo (it leaves the cluster gracefully), not replaced.</summary>
    StopSilo,

    /// <summary><c>roll</c>: every silo replaced in turn, new one ready first, old one stopped with SIGTERM; onto this checkout's build (an upgrade when the cluster started from the previous release).</summary>
    Roll,

    /// <summary><c>kill-gateway</c>: SIGKILL of the next gateway, a new process started on its address.</summary>
    KillGateway,

    /// <summary><c>stop-gateway</c>: SIGTERM of the next gateway (it ends its streams), a new process started on its address.</summary>
    StopGateway,

    /// <summary>
    /// <c>replace-gateway</c>: SIGTERM of the next gateway, a new process of this checkout's build started on its
    /// address (that gateway's upgrade when the cluster started from the previous release).
    /// </summary>
    ReplaceGateway,

    /// <summary><c>add-silo</c>: one more silo joins while traffic flows.</summary>
    AddSilo,
}
