namespace Wickr.Cluster.Configuration;

/// <summary>
/// The configuration names a setting that cannot work, or one that is no longer read: the message says which, with
/// its full path, in one line. A host refuses to start on it and prints the message alone (no stack trace).
/// </summary>
public sealed class InvalidConfigurationException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public InvalidConfigurationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Every problem, one sentence each, on one line.</param>
    public InvalidConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Every problem, one sentence each, on one line.</param>
    /// <param name="innerException">What failed underneath (a file that does not load).</param>
    public InvalidConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
