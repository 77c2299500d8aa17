namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// The last failure of a background task (live stream, acknowledgements, replenishing), shared by the pieces that
/// run them; for diagnostics, never key material.
/// </summary>
internal sealed class BackgroundErrors
{
    private Exception? _last;

    public Exception? Last => Volatile.Read(ref _last);

    public void Record(Exception error) => Volatile.Write(ref _last, error);
}
