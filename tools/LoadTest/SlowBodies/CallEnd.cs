namespace Wickr.Cluster.LoadTest.SlowBodies;

/// <summary>How one unfinished call ended.</summary>
internal enum CallEnd
{
    /// <summary>The gateway reset the call (or closed its connection) while it waited for the body.</summary>
    Cut,

    /// <summary>The call's stream never opened: the connection was refused or closed before it.</summary>
    Refused,

    /// <summary>The gateway answered the call (a gRPC status) rather than waiting for the body.</summary>
    Answered,

    /// <summary>Still open when the run stopped waiting for the gateway.</summary>
    LeftOpen,
}
