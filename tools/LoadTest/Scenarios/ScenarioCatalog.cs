namespace Wickr.Cluster.LoadTest.Scenarios;

/// <summary>The shipped scenarios. Flags and scenario files change any field.</summary>
internal static class ScenarioCatalog
{
    /// <summary>A constant rate of real sends, well inside what pools and the rate limit allow.</summary>
    public static Scenario Steady { get; } = new()
    {
        Name = "steady",
        Recipients = 20,
        Senders = 40,
        Rate = 40,
        DurationSeconds = 60,
    };

    /// <summary>Real sends from a low rate to a high one: where do last-resort hand-outs begin?</summary>
    public static Scenario Ramp { get; } = new()
    {
        Name = "ramp",
        Recipients = 20,
        Senders = 40,
        Rate = 10,
        RampTo = 400,
        DurationSeconds = 120,
    };

    /// <summary>
    /// A conference: a steady trickle, then for ten seconds every attendee messages groups of 10 at once; a fifth of
    /// the devices are offline (phones in bags) and replenishing ones react a second late.
    /// </summary>
    public static Scenario ConferenceBurst { get; } = new()
    {
        Name = "conference-burst",
        Recipients = 50,
        Senders = 100,
        FanOut = 10,
        Rate = 2,
        Burst = new Burst(AtSeconds: 20, Seconds: 10, Rate: 40),
        OfflineFraction = 0.2,
        ReactionDelayMs = 1_000,
        DurationSeconds = 60,
    };

    /// <summary>
    /// Many strangers claim keys and never send: online devices must keep up, offline ones fall back to their
    /// last-resort key, and the per-claimer rate limit refuses what is beyond a burst.
    /// </summary>
    public static Scenario StrangerDrain { get; } = new()
    {
        Name = "stranger-drain",
        Recipients = 20,
        Senders = 200,
        Operation = OperationKind.Claim,
        Rate = 200,
        OfflineFraction = 0.25,
        DurationSeconds = 60,
    };

    /// <summary>
    /// A moderated room of 500 members with 3 devices each (1,500 nodes: every message claims a key from every online
    /// device's pool, split over three packets), a message every 10 seconds from a random online member, a fifth of the
    /// members offline. One message costs a 2-core box (client, gateway, silo and 1,200 decoding devices together) about
    /// 5 CPU seconds, so a faster default would only measure a queue. Reports claims and last-resort hand-outs per message, replenishment lag and delivery latency to every
    /// online device. The embedded silo's sender budget is raised: its defaults (1,000 deliveries at once, 20 a second
    /// per node) allow one room message in 50 seconds.
    /// </summary>
    public static Scenario RoomBurst { get; } = new()
    {
        Name = "room-burst",
        Operation = OperationKind.Room,
        Recipients = 500,
        DevicesPerMember = 3,
        Senders = 0,
        PoolSize = 20,
        LowWaterMark = 10,
        Rate = 0.1,
        OfflineFraction = 0.2,
        DurationSeconds = 60,
        MaxInFlight = 16,
        SiloSettings = new Dictionary<string, string>
        {
            ["Grains:Sender:NodeDeliveryBurst"] = "100000",
            ["Grains:Sender:NodeDeliveriesPerSecond"] = "100000",
            ["Grains:Sender:UserDeliveryBurst"] = "100000",
            ["Grains:Sender:UserDeliveriesPerSecond"] = "100000",
            // A room message holds ~14 MB of copies for the offline fifth until they fetch it; the default per-user
            // quota (256 MiB) would stop a long run after about 18 messages, which measures the policy, not the cluster.
            ["Grains:Mailbox:QuotaBytesPerUser"] = "17179869184",
        },
    };

    /// <summary>Every shipped scenario by name.</summary>
    public static IReadOnlyDictionary<string, Scenario> All { get; } = new Dictionary<string, Scenario>(StringComparer.Ordinal)
    {
        [Steady.Name] = Steady,
        [Ramp.Name] = Ramp,
        [ConferenceBurst.Name] = ConferenceBurst,
        [StrangerDrain.Name] = StrangerDrain,
        [RoomBurst.Name] = RoomBurst,
    };
}
