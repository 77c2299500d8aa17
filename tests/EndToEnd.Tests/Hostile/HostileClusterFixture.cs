using Wickr.Cluster.EndToEnd.Tests.Harness;

namespace Wickr.Cluster.EndToEnd.Tests.Hostile;

/// <summary>
/// One embedded cluster for the hostile tests, with the abuse limits small enough that an attack reaches them in
/// seconds: a mailbox of 1,000 packets / 64 MiB (so a sender's 10 % share is 100 packets / 6.4 MiB), per-sender
/// budgets of 200 deliveries / 32 MiB per node, and the shipped claim limits (20 per claiming user per pool, one more
/// every 3 s; 200 per pool) on pools of up to 200 keys.
/// </summary>
public sealed class HostileClusterFixture : ClusterFixture
{
    public const int PoolKeys = 200;
    public const int MailboxPackets = 1_000;
    public const long MailboxBytes = 64L * 1024 * 1024;
    public const double SenderShare = 0.1;
    public const int NodeDeliveryBurst = 200;
    public const long NodeByteBurst = 32L * 1024 * 1024;

    internal override Task<ClusterSettings> SettingsAsync() => Task.FromResult(new ClusterSettings
    {
        Silo = new Dictionary<string, string>
        {
            ["Grains__EphemeralKeyPool__MaxKeys"] = PoolKeys.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Grains__EphemeralKeyPool__LowWaterMark"] = "20",
            ["Grains__Mailbox__MaxQueuedPackets"] = MailboxPackets.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Grains__Mailbox__MaxQueuedBytes"] = MailboxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Grains__Mailbox__MaxSenderShare"] = "0.1",
            ["Grains__Sender__NodeDeliveryBurst"] = NodeDeliveryBurst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Grains__Sender__NodeDeliveriesPerSecond"] = "20",
            ["Grains__Sender__NodeByteBurst"] = NodeByteBurst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Grains__Sender__NodeBytesPerSecond"] = "1048576",
            ["Grains__Sender__UserDeliveryBurst"] = "400",
            ["Grains__Sender__UserByteBurst"] = (2 * NodeByteBurst).ToString(System.Globalization.CultureInfo.InvariantCulture),

            // A small gen0 budget (4 MiB) keeps the GC's slack out of the silo's resident memory, which the tests measure.
            ["DOTNET_GCgen0size"] = "0x400000",
        },
        Gateway = new Dictionary<string, string>
        {
            // Made-up recovery fetches from this one source must reach the grains (the activation count is the point),
            // not stop at the gateway's per-source delay; and quickly, without the denial floor.
            ["Gateway__Recovery__FreeFailuresPerSource"] = "1000000",
            ["Gateway__Recovery__FreeFailuresPerUserSource"] = "1000000",
            ["Gateway__Recovery__DenialFloor"] = "00:00:00",
        },
    });
}

/// <summary>The hostile test classes share one cluster and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class HostileCollection : ICollectionFixture<HostileClusterFixture>
{
    public const string Name = "Hostile";
}
