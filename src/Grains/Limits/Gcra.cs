namespace Wickr.Cluster.Grains.Limits;

/// <summary>
/// A token bucket kept as one timestamp (the generic cell rate algorithm): <paramref name="Burst"/> units may be
/// taken at once, and one unit comes back every <paramref name="PerUnit"/>. Its whole state is the "theoretical
/// arrival time" (TAT), so it persists as a single number; a TAT at or before now is a full bucket.
/// </summary>
/// <param name="Burst">How many units the bucket holds.</param>
/// <param name="PerUnit">How long one unit takes to come back.</param>
internal readonly record struct Gcra(double Burst, TimeSpan PerUnit)
{
    /// <summary>A rate of <paramref name="perSecond"/> units per second with the given burst.</summary>
    public static Gcra PerSecond(double burst, double perSecond) => new(burst, TimeSpan.FromSeconds(1 / perSecond));

    /// <summary>
    /// Whether <paramref name="cost"/> units can be taken now. When they can, <paramref name="next"/> is the TAT to keep;
    /// when not, <paramref name="retryAfter"/> is how long until they can (nothing is taken).
    /// </summary>
    public bool TryTake(DateTimeOffset tat, double cost, DateTimeOffset now, out DateTimeOffset next, out TimeSpan retryAfter)
    {
        var start = tat > now ? tat : now;
        next = start + (PerUnit * cost);
        var over = next - now - (PerUnit * Burst);
        if (over > TimeSpan.Zero)
        {
            retryAfter = over;
            next = tat;
            return false;
        }

        retryAfter = TimeSpan.Zero;
        return true;
    }
}
