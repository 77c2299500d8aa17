namespace Wickr.Cluster.Hosting.Health;

/// <summary>The HTTP/1.1 health endpoints both hosts serve on their health port (<c>Kestrel:Endpoints:Http</c>).</summary>
public static class HealthPaths
{
    /// <summary>Answers 200 while the process serves HTTP at all.</summary>
    public const string Live = "/health/live";

    /// <summary>Answers 200 once the host can do its work (its readiness checks pass), 503 otherwise.</summary>
    public const string Ready = "/health/ready";
}
