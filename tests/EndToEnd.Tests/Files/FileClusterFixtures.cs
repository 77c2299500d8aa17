using Wickr.Cluster.EndToEnd.Tests.Harness;

namespace Wickr.Cluster.EndToEnd.Tests.Files;

/// <summary>File limits small enough to reach in a test: a 64 MiB cap, a 128 MiB quota, a retention sweep every second.</summary>
internal static class FileTestLimits
{
    public const long MaxFileBytes = 64L * 1024 * 1024;

    public const long QuotaBytesPerUser = 128L * 1024 * 1024;

    public static IReadOnlyDictionary<string, string> Silo { get; } = new Dictionary<string, string>(ClusterSettings.TestGrainLimits)
    {
        ["Grains__Files__MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Grains__Files__QuotaBytesPerUser"] = QuotaBytesPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Grains__Files__SweepInterval"] = "00:00:01",
    };
}

/// <summary>The embedded cluster (SQLite and files under the data folder) with the file test limits.</summary>
public sealed class EmbeddedFileClusterFixture : ClusterFixture
{
    internal override Task<ClusterSettings> SettingsAsync() => Task.FromResult(new ClusterSettings { Silo = FileTestLimits.Silo });
}

/// <summary>The cluster mode on Azurite (tables, block blobs) with the file test limits.</summary>
public sealed class AzureFileClusterFixture : AzureClusterFixture
{
    internal override IReadOnlyDictionary<string, string> SiloLimits => FileTestLimits.Silo;
}
