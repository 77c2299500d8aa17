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
        group = Group(session, m)?.Name,
        text = withText ? m.ContentType == ClientLib.Groups.GroupControl.ContentType ? Content(session, m) : m.Text : null,
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
        Group(session, m)?.Name ?? "(direct)",
        session.Device.NameOf(m.SenderRootIdentifierHex),
        (m.SentAt ?? m.ReceivedAt).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        m.BurnOnRead > 0 && m.ReadAt is null ? "(burn on read: wickr read " + m.Sequence + ")" : Preview(Content(session, m)),
        m.DeleteAt is { } at ? at.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : string.Empty,
    ];

    /// <summary>The inbox's and listen's column headers, matching <see cref="Row"/>.</summary>
    public static readonly string[] Header = ["id", "conversation", "from", "sent", "text", "deleted at"];

    /// <summary>The group a message belongs to (its channel tag is the id of a group held here), or null for a direct message.</summary>
    public static ClientLib.Groups.GroupRecord? Group(Session session, StoredMessage m) => session.Device.Client.Groups.FindByChannelTag(m.ChannelTag);

    /// <summary>
    /// The text, "[file] name (size)" for a file message, "[group] who did what" for a membership change, or the
    /// content type of anything else.
    /// </summary>
    public static string Content(Session session, StoredMessage m) => m.ContentType switch
    {
        FileDescriptor.ContentType => File(m) is { } f ? $"[file] {f.Name} ({Transfer.Size(f.Size)})" : "[file] (malformed file message)",
        ClientLib.Groups.GroupControl.ContentType => Control(session, m),
        _ => m.Text ?? "(content type " + m.ContentType + ")",
    };

    private static string Control(Session session, StoredMessage m)
    {
        try
        {
            var control = ClientLib.Groups.GroupControl.Decode(m.Body);
            var who = session.Device.NameOf(m.SenderRootIdentifierHex);
            var subject = control.State.Members.FirstOrDefault(x => x.RootIdentifierHex == control.SubjectRootIdentifierHex)?.Name
                ?? session.Device.NameOf(control.SubjectRootIdentifierHex);
            return control.Change switch
            {
                ClientLib.Groups.GroupChange.Create => $"[group] {who} created {control.State.Name} with {control.State.Members.Count} members",
                ClientLib.Groups.GroupChange.Add => $"[group] {who} added {subject}",
                ClientLib.Groups.GroupChange.Remove => $"[group] {who} removed {subject}",
                ClientLib.Groups.GroupChange.Leave => $"[group] {who} left",
                _ => $"[group] {who} changed the settings (ttl {control.State.Settings.TimeToLive} s, burn {control.State.Settings.BurnOnRead} s)",
            };
        }
        catch (WickrException)
        {
            return "[group] (malformed membership change)";
        }
    }

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
