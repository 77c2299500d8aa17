namespace Wickr.Cluster.Gateway.Messages;

/// <summary>
/// The message id the node grain deduplicates on: base64url(sender node id) ‖ "." ‖ message id (at most 108 visible
/// ASCII characters). Scoping by sender means one sender's ids can never suppress another sender's packets.
/// </summary>
internal static class ScopedMessageId
{
    public static string For(byte[] senderNodeIdentifier, string messageId) =>
        System.Buffers.Text.Base64Url.EncodeToString(senderNodeIdentifier) + "." + messageId;
}
