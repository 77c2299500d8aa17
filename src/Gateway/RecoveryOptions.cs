using Wickr.Cluster.Configuration;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.Gateway;

/// <summary>
/// Which recovery this network wants (<see cref="Policy"/>) and how recovery bundle guessing is slowed: section
/// <c>Gateway:Recovery</c>, nested in <see cref="GatewayOptions"/>. Wrong answers are counted per (user, source), per source across users and per user across sources, in this
/// gateway's memory (bounded); a source past its free failures waits a growing delay before its next attempt is
/// evaluated at all. A right access key from a source without failures is always answered: strangers' failures never
/// lock the owner out. Sources are IPv4 addresses and IPv6 /64 prefixes; each gateway instance counts on its own.
/// </summary>
public sealed class RecoveryOptions : IValidatableOptions
{
    /// <summary>The configuration section these options are bound from, nested in <see cref="GatewayOptions"/>.</summary>
    public const string SectionName = "Gateway:Recovery";

    /// <summary>
    /// <see cref="RecoveryPolicy.Passphrase"/> (default), <see cref="RecoveryPolicy.HardenedDefault"/> or
    /// <see cref="RecoveryPolicy.HardenedOnly"/>: what clients are told before they register, and under HardenedOnly
    /// what <c>StoreRecoveryBundle</c> refuses.
    /// </summary>
    public RecoveryPolicy Policy { get; set; } = RecoveryPolicy.Passphrase;

    /// <summary>Wrong answers one source may give about one user before delays start. Default 3.</summary>
    public int FreeFailuresPerUserSource { get; set; } = 3;

    /// <summary>Wrong answers one source may give across all users before delays start. Default 20.</summary>
    public int FreeFailuresPerSource { get; set; } = 20;

    /// <summary>
    /// Wrong answers about one user, from every source, after which the user counts as under attack: each source then
    /// waits <see cref="MaxDelay"/> after each of its wrong answers about that user (its first is still evaluated, so
    /// the owner's right key from a fresh source gets through). Default 10.
    /// </summary>
    public int UserBudget { get; set; } = 10;

    /// <summary>The first delay after the free failures; each further wrong answer doubles it. Default 1 minute.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest delay, and the delay per wrong answer for a user under attack. Default 1 hour.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A count is forgotten this long after its last wrong answer. Default 24 hours.</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Most counts kept at once; past it the least recently touched is dropped. Default 200,000.</summary>
    public int MaxTrackedCounts { get; set; } = 200_000;

    /// <summary>
    /// The least time any refused fetch takes (unknown user, no bundle, wrong key, or a delayed source), so the time
    /// taken does not tell them apart. Default 150 ms, above a storage read's.
    /// </summary>
    public TimeSpan DenialFloor { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <inheritdoc/>
    public IEnumerable<string> Validate()
    {
        if (!Enum.IsDefined(Policy)) yield return "Policy must be Passphrase, HardenedDefault or HardenedOnly.";
        if (FreeFailuresPerUserSource < 0) yield return "FreeFailuresPerUserSource must be at least 0.";
        if (FreeFailuresPerSource < 0) yield return "FreeFailuresPerSource must be at least 0.";
        if (UserBudget < 1) yield return "UserBudget must be at least 1.";
        if (FirstDelay <= TimeSpan.Zero) yield return "FirstDelay must be positive.";
        if (MaxDelay < FirstDelay) yield return "MaxDelay must be at least FirstDelay.";
        if (ForgetAfter < MaxDelay) yield return "ForgetAfter must be at least MaxDelay.";
        if (MaxTrackedCounts < 1000) yield return "MaxTrackedCounts must be at least 1000.";
        if (DenialFloor < TimeSpan.Zero || DenialFloor > TimeSpan.FromSeconds(5)) yield return "DenialFloor must be 0 to 5 seconds.";
    }
}
