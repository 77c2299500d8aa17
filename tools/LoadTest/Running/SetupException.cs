namespace Wickr.Cluster.LoadTest.Running;

/// <summary>The run could not start (exit code 3): the message says what and where.</summary>
internal sealed class SetupException : Exception
{
    public SetupException()
    {
    }

    public SetupException(string message)
        : base(message)
    {
    }

    public SetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
