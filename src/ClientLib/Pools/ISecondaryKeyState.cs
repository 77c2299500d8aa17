namespace Wickr.Cluster.ClientLib.Pools;

/// <summary>
/// What a persistent device store needs of a secondary key pool or cache: every entry to save, a way to put saved
/// entries back, and a signal when something changed.
/// </summary>
/// <typeparam name="TEntry">One stored key with its peer and time.</typeparam>
public interface ISecondaryKeyState<TEntry>
{
    /// <summary>Raised after keys were added or removed.</summary>
    event EventHandler? Changed;

    /// <summary>Every entry held now.</summary>
    IReadOnlyList<TEntry> Export();

    /// <summary>Puts back an entry saved before (the instance takes ownership of any key material in it).</summary>
    void Import(TEntry entry);
}
