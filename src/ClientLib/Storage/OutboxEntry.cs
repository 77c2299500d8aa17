namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>A message kept until every recipient node accepted it, resent under the same id after a restart.</summary>
/// <param name="MessageId">The id every attempt uses, so the mailboxes and the recipients' replay checks keep it once.</param>
/// <param name="RecipientRootIdentifiersHex">The users it goes to.</param>
/// <param name="TimeToLive">Seconds to live.</param>
/// <param name="BurnOnRead">Burn-on-read seconds.</param>
/// <param name="ContentType">The content type.</param>
/// <param name="Body">The body (for a text, with its send time inside).</param>
/// <param name="CreatedAt">When it was queued.</param>
public sealed record OutboxEntry(
    string MessageId,
    IReadOnlyList<string> RecipientRootIdentifiersHex,
    ulong TimeToLive,
    ulong BurnOnRead,
    ushort ContentType,
    byte[] Body,
    DateTimeOffset CreatedAt)
{
    /// <summary>The packets' channel tag: a group's id for a group message, empty for a direct one (an entry written before tags were kept reads empty).</summary>
    public byte[] ChannelTag { get; init; } = [];
}
