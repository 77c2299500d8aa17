namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// The one error type the grains throw on purpose. It crosses the grain boundary intact, so a caller
/// switches on <see cref="Code"/> rather than parsing messages. Messages never carry keys or packet bytes.
/// </summary>
[Alias("wickr.cluster-exception.v1")]
[GenerateSerializer]
public sealed class ClusterException : Exception
{
    /// <summary>Creates an exception with <see cref="ClusterErrorCode.InvalidArgument"/> and no message.</summary>
    public ClusterException()
        : this(ClusterErrorCode.InvalidArgument, "Invalid argument.")
    {
    }

    /// <summary>Creates an exception with <see cref="ClusterErrorCode.InvalidArgument"/>.</summary>
    /// <param name="message">What was wrong.</param>
    public ClusterException(string message)
        : this(ClusterErrorCode.InvalidArgument, message)
    {
    }

    /// <summary>Creates an exception with <see cref="ClusterErrorCode.InvalidArgument"/> wrapping a cause.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ClusterException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ClusterErrorCode.InvalidArgument;
    }

    /// <summary>Creates an exception with a code.</summary>
    /// <param name="code">Why the call was refused.</param>
    /// <param name="message">A human-readable explanation.</param>
    public ClusterException(ClusterErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>Creates a <see cref="ClusterErrorCode.RateLimited"/> exception that says when to try again.</summary>
    /// <param name="retryAfter">How long the caller should wait before the same call can succeed.</param>
    /// <param name="message">A human-readable explanation (never the limited party's counters).</param>
    public static ClusterException RateLimited(TimeSpan retryAfter, string message) =>
        new(ClusterErrorCode.RateLimited, message) { RetryAfter = retryAfter };

    /// <summary>
    /// The refusal of a send whose sender's budget is spent: the sender grain gives it, and a gateway repeats it word for
    /// word until <paramref name="retryAfter"/> has passed, so the sender cannot tell who answered.
    /// </summary>
    /// <param name="retryAfter">How long until the same send would be admitted.</param>
    public static ClusterException SendBudgetSpent(TimeSpan retryAfter) =>
        RateLimited(retryAfter, "Too many sends from this sender; retry later.");

    /// <summary>Why the call was refused.</summary>
    [Id(0)]
    public ClusterErrorCode Code { get; private set; }

    /// <summary>For <see cref="ClusterErrorCode.RateLimited"/>: how long to wait before retrying; otherwise null.</summary>
    [Id(1)]
    public TimeSpan? RetryAfter { get; private set; }
}
