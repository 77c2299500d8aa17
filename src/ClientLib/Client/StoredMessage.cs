using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>A received message as an <see cref="IMessageStore"/> keeps it, with its deadlines.</summary>
/// <param name="Sequence">Its place in this device's mailbox; the local name of the message.</param>
/// <param name="MessageId">The sender's message id.</param>
/// <param name="SenderRootIdentifierHex">The sending user.</param>
/// <param name="SenderNodeIdentifierHex">The sending device.</param>
/// <param name="TimeToLive">Seconds from sending after which it is deleted; 0 = never.</param>
/// <param name="BurnOnRead">Seconds from the first read after which it is deleted; 0 = not burn-on-read.</param>
/// <param name="ContentType">The application's content type.</param>
/// <param name="ChannelTag">The application's routing tag (a conversation id); may be empty.</param>
/// <param name="Body">The body.</param>
/// <param name="SentAt">The send time the sender signed in a <see cref="TextBody"/> or a <see cref="FileBody"/>, if it is one and carries it.</param>
/// <param name="ReceivedAt">When this device decrypted it.</param>
/// <param name="DeleteAt">When it will be deleted (time to live, or burn-on-read once read), if ever.</param>
/// <param name="ReadAt">When it was first read, if it was.</param>
/// <param name="SenderPin">How the sender's root compared with the pin.</param>
/// <param name="ViaLastResortKey">Whether it was encrypted to the last-resort key.</param>
public sealed record StoredMessage(
    long Sequence,
    string MessageId,
    string SenderRootIdentifierHex,
    string SenderNodeIdentifierHex,
    ulong TimeToLive,
    ulong BurnOnRead,
    ushort ContentType,
    byte[] ChannelTag,
    byte[] Body,
    DateTimeOffset? SentAt,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? DeleteAt,
    DateTimeOffset? ReadAt,
    PinStatus SenderPin,
    bool ViaLastResortKey)
{
    /// <summary>The text of a <see cref="TextBody"/>, or null for another content type.</summary>
    public string? Text => TextBody.TryDecode(ContentType, Body, out _, out var text) ? text : null;

    /// <summary>
    /// <paramref name="message"/> as a store keeps it when it arrives: not read yet, deleted when its time to live runs
    /// out. Shares the body and channel tag arrays with <paramref name="message"/>.
    /// </summary>
    internal static StoredMessage Arrived(ReceivedMessage message)
    {
        var meta = message.Message.Metadata;
        var body = message.Message.Body;
        DateTimeOffset? sentAt = TextBody.TryDecode(meta.ContentType, body, out var sent, out _) || FileBody.TryReadSentAt(meta.ContentType, body, out sent)
            ? sent
            : null;
        var arrived = new StoredMessage(message.Sequence, message.MessageId, message.SenderRootIdentifierHex, message.SenderNodeIdentifierHex,
            meta.TimeToLive, meta.BurnOnRead, meta.ContentType, meta.ChannelTag, body, sentAt, message.ReceivedAt, null, null, message.SenderPin,
            message.ViaLastResortKey);
        return arrived with { DeleteAt = MessageLifetime.DeleteAt(arrived, null) };
    }

    /// <summary>The message as <see cref="WickrClient.ReceiveAsync"/> hands it over, with its own copy of the body.</summary>
    internal ReceivedMessage ToReceivedMessage() => new(
        Sequence, MessageId, SenderRootIdentifierHex, SenderNodeIdentifierHex,
        new PlainMessage(new PacketMetadata(TimeToLive, BurnOnRead, (byte[])ChannelTag.Clone(), ContentType), (byte[])Body.Clone()),
        ReceivedAt, SenderPin, ViaLastResortKey);
}
