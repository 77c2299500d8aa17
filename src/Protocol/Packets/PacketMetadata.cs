namespace Wickr.Cluster.Protocol.Packets;

/// <summary>
/// What travels encrypted beside the body: ephemerality (time to live and burn-on-read, both in seconds), a
/// channel tag and a content type. Encoded as <c>payload.meta { 1 ephemerality { 1 ttl; 2 bor }; 2 channel_tag;
/// 3 content_type }</c>.
/// </summary>
/// <param name="TimeToLive">Seconds after which every copy of the message is deleted; 0 = no expiry.</param>
/// <param name="BurnOnRead">Seconds after first display at which the message is deleted; 0 = not burn-on-read.</param>
/// <param name="ChannelTag">Opaque tag the application uses to route the message (a conversation id); may be empty.</param>
/// <param name="ContentType">The application's content type; fits in 16 bits.</param>
public sealed record PacketMetadata(ulong TimeToLive, ulong BurnOnRead, byte[] ChannelTag, ushort ContentType)
{
    /// <summary>Longest channel tag accepted.</summary>
    public const int MaxChannelTagSize = 1024;

    /// <summary>True when the metadata is equal, comparing the tag's bytes.</summary>
    public bool Equals(PacketMetadata? other) => other is not null && TimeToLive == other.TimeToLive && BurnOnRead == other.BurnOnRead
        && ContentType == other.ContentType && ChannelTag.AsSpan().SequenceEqual(other.ChannelTag);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TimeToLive, BurnOnRead, ContentType, ChannelTag.Length);
}
