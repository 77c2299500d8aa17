namespace Wickr.Cluster.LoadTest.SlowBodies;

/// <summary>How one unfinished call ended.</summary>
internal enum CallEnd
{
    /// <summary>The gateway reset the call's stream while it waited for the body.</summary>
    Cut,

    /// <summary>The call's connection was refused or closed before the gateway read the call.</summary>
    Refused,

    /// <summary>The gateway answered the call (a gRPC status) rather than waiting for the body.</summary>
    Answered,

    /// <summary>Still open when the run stopped waiting for the gateway.</summary>
    LeftOpen,

    /// <summary>
    /// Never got a stream: the connection already carried as many as the gateway's streams-per-connection limit allows
    /// (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS), so the call waited in the client until the run ended.
    /// </summary>
    NoStream,
}
