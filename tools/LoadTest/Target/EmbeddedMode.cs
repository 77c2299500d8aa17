namespace Wickr.Cluster.LoadTest.Target;

/// <summary>Where an embedded silo runs, if one is started at all.</summary>
internal enum EmbeddedMode
{
    /// <summary>No embedded silo: the run targets the given gateway addresses.</summary>
    None,

    /// <summary>A silo (with its gateway) in this process: quickest, but it shares this process's CPU and GC.</summary>
    InProcess,

    /// <summary>A silo in a child process of this tool, so the figures separate load generator and cluster.</summary>
    Process,
}
