namespace Wickr.Cluster.Grains.Storage;

/// <summary>How a group-commit writer (SQLite, PostgreSQL) takes its next batch from what queued up meanwhile.</summary>
internal static class GroupCommitBatch
{
    /// <summary>
    /// Moves up to <paramref name="maxBatch"/> of the oldest queued writes into the empty <paramref name="running"/>
    /// list, in order: all of them by swapping the two lists (no copy), otherwise the first <paramref name="maxBatch"/>.
    /// The caller holds the lock that guards <paramref name="queued"/>.
    /// </summary>
    public static void Take<T>(ref List<T> queued, ref List<T> running, int maxBatch)
    {
        if (queued.Count <= maxBatch)
        {
            (queued, running) = (running, queued);
        }
        else
        {
            running.AddRange(queued.Take(maxBatch));
            queued.RemoveRange(0, maxBatch);
        }
    }
}
