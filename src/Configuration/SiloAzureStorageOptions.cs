using System.Text.RegularExpressions;

namespace Wickr.Cluster.Configuration;

/// <summary>
/// The Azure Storage account of a cluster in Azure mode: configuration section <c>Silo:AzureStorage</c> (environment
/// variables <c>Silo__AzureStorage__*</c>). Silos keep grain state, mailboxes, key pools and files there and find each
/// other through it; standalone gateways find the silos through it. Every table and blob container name starts with
/// <see cref="TablePrefix"/>, so several deployments (or parallel test fixtures) can share one account.
/// </summary>
/// <remarks>
/// It sits here, below the grains (whose storage reads it) and the hosting settings both hosts share (which nest it in
/// the silo's options), so that one class binds the section.
/// </remarks>
public sealed partial class SiloAzureStorageOptions : IValidatableOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Silo:AzureStorage";

    /// <summary>Bytes of one binary property of a table entity (the most Azure Tables allows).</summary>
    public const int InlineChunkBytes = 64 * 1024;

    /// <summary>The most bytes a table entity carries inline: 15 binary properties of <see cref="InlineChunkBytes"/>, under the 1 MiB entity limit.</summary>
    public const int MaxInlineLimit = 15 * InlineChunkBytes;

    /// <summary>
    /// Azure Storage connection string; <c>UseDevelopmentStorage=true</c> for a local Azurite. Required in Azure mode
    /// (<c>Silo:Mode</c>); not used in embedded mode.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Prefix of every table and container name: a letter, then up to 39 letters or digits. Default <c>wickr</c>.</summary>
    public string TablePrefix { get; set; } = "wickr";

    /// <summary>
    /// Packets up to this size are stored inside their table row (split over several binary properties);
    /// larger ones go to a blob that the row points at. Default and maximum <see cref="MaxInlineLimit"/> (983,040).
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

    /// <summary>
    /// The problems of the names and sizes. Whether <see cref="ConnectionString"/> is required depends on the silo's mode:
    /// the silo's options check that.
    /// </summary>
    /// <returns>One sentence per problem, naming the setting below <c>Silo:AzureStorage</c>.</returns>
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
