using System.Text.RegularExpressions;
using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Grains.Storage.AzureTables;

/// <summary>
/// Where the cluster keeps its rows in an Azure Storage account. Every table and blob container name starts
/// with <see cref="TablePrefix"/>, so several deployments (or parallel test fixtures) can share one account.
/// </summary>
public sealed partial class WickrAzureStorageOptions : ISettings
{
    /// <summary>The silo's configuration section these options come from (with its connection string): problems are named under it.</summary>
    public const string SiloSection = "Silo:AzureStorage";

    /// <summary>The most bytes a table entity can carry inline: 15 binary properties of 64 KiB, under the 1 MiB entity limit.</summary>
    public const int MaxInlineLimit = AzurePacketBody.MaxChunks * AzurePacketBody.ChunkBytes;

    /// <summary>Prefix of every table and container name: a letter, then up to 39 letters or digits. Default <c>wickr</c>.</summary>
    public string TablePrefix { get; set; } = "wickr";

    /// <summary>
    /// Packets up to this size are stored inside their table row (split over several binary properties);
    /// larger ones go to a blob that the row points at. Default and maximum <see cref="MaxInlineLimit"/>.
    /// </summary>
    public int MaxInlinePacketBytes { get; set; } = MaxInlineLimit;

    /// <summary>The table holding one row per queued packet plus one message-id row per packet.</summary>
    public string MailboxTableName => TablePrefix + "Mailbox";

    /// <summary>The table holding one row per ephemeral key.</summary>
    public string EphemeralKeyTableName => TablePrefix + "EphemeralKeys";

    /// <summary>The table Orleans keeps grain state in.</summary>
    public string GrainStateTableName => TablePrefix + "GrainState";

    /// <summary>The blob container for packets too large for a table row.</summary>
    public string PacketContainerName => TablePrefix.ToLowerInvariant() + "-packets";

    /// <summary>The blob container of encrypted files (block blobs).</summary>
    public string FileContainerName => TablePrefix.ToLowerInvariant() + "-files";

    /// <inheritdoc/>
    public IEnumerable<string> Validate()
    {
        if (TablePrefix is null || !PrefixPattern().IsMatch(TablePrefix))
        {
            yield return $"{nameof(TablePrefix)} '{TablePrefix}' is invalid: it must be a letter followed by up to 39 letters or digits.";
        }

        if (MaxInlinePacketBytes is < 0 or > MaxInlineLimit)
        {
            yield return $"{nameof(MaxInlinePacketBytes)} ({MaxInlinePacketBytes}) must be between 0 and {MaxInlineLimit} bytes.";
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,39}$")]
    private static partial Regex PrefixPattern();
}
