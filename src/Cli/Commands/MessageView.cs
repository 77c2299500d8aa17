using Wickr.Cluster.ClientLib;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Files;

namespace Wickr.Cluster.Cli.Commands;

/// <summary>How a stored message is shown: burn-on-read text only by <c>read</c>; a file as its name and size.</summary>
internal static class MessageView
{
    public static object Json(Session session, StoredMessage m, bool withText) => new
    {
        id = m.Sequence,
        message_id = m.MessageId,
        from = session.Device.NameOf(m.SenderRootIdentifierHex),
        from_root = m.SenderRootIdentifierHex,
        from_node = m.SenderNodeIdentifierHex,
        text = withText ? m.Text : null,
        file = File(m) is { } f ? new { name = f.Name, size = f.Size } : null,
        sent_at = m.SentAt,
        received_at = m.ReceivedAt,
        ttl = m.TimeToLive,
        burn = m.BurnOnRead,
        delete_at = m.DeleteAt,
        read_at = m.ReadAt,
        sender_authenticated = m.SenderPin != Protocol.Trust.PinStatus.Mismatch,
    };

    public static string[] Row(Session session, StoredMessage m) =>
    [
        m.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
        session.Device.NameOf(m.SenderRootIdentifierHex),
        (m.SentAt ?? m.ReceivedAt).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        m.BurnOnRead > 0 && m.ReadAt is null ? "(burn on read: wickr read " + m.Sequence + ")" : Preview(Content(m)),
        m.DeleteAt is { } at ? at.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : string.Empty,
    ];

    /// <summary>The text, "[file] name (size)" for a file message, or the content type of anything else.</summary>
    public static string Content(StoredMessage m) => m.ContentType == FileDescriptor.ContentType
        ? File(m) is { } f ? $"[file] {f.Name} ({Transfer.Size(f.Size)})" : "[file] (malformed file message)"
        : m.Text ?? "(content type " + m.ContentType + ")";

    // Only the name and size leave here: the key and read token are zeroed at once.
    private static (string Name, long Size)? File(StoredMessage m)
    {
        if (m.ContentType != FileDescriptor.ContentType)
        {
            return null;
        }
        try
        {
            using var descriptor = FileDescriptor.Decode(m.Body);
            return (descriptor.Name, descriptor.Size);
        }
        catch (WickrException)
        {
            return null;
        }
    }

    private static string Preview(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
