namespace Wickr.Cluster.Protocol;

/// <summary>The one exception type ClientLib throws for bad input: <see cref="Error"/> says what failed.</summary>
public sealed class WickrException : Exception
{
    /// <summary>Creates an exception for <paramref name="error"/> with a message that says what was wrong.</summary>
    public WickrException(WickrError error, string message, Exception? innerException = null)
        : base($"{error}: {message}", innerException)
    {
        Error = error;
    }

    /// <summary>Creates an exception of kind <see cref="WickrError.Parse"/>.</summary>
    public WickrException()
        : this(WickrError.Parse, "malformed input")
    {
    }

    /// <summary>Creates an exception of kind <see cref="WickrError.Parse"/> with a message.</summary>
    public WickrException(string message)
        : this(WickrError.Parse, message)
    {
    }

    /// <summary>Creates an exception of kind <see cref="WickrError.Parse"/> with a message and a cause.</summary>
    public WickrException(string message, Exception innerException)
        : this(WickrError.Parse, message, innerException)
    {
    }

    /// <summary>What failed.</summary>
    public WickrError Error { get; }
}
