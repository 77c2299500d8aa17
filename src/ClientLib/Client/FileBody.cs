using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Encoding;
using Wickr.Cluster.Protocol.Files;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// The body of a file message as ClientLib writes it: the file descriptor's own bytes (<see cref="FileDescriptor.Encode"/>,
/// fields 1–6, unchanged) followed by field <see cref="SentAtField"/>, <c>sent_at_unix_ms</c> (uint64), the sender's
/// clock when it sent the message. Like a text's send time (<see cref="TextBody"/>) it travels inside the encrypted
/// payload the sending node signs; the descriptor's reader skips it as an unknown field, so the descriptor reads the
/// same and the packet is the reference's. A file message from a client that does not write it has no send time.
/// </summary>
public static class FileBody
{
    /// <summary>
    /// The field number of the send time: above every field the descriptor uses, left to the application by it.
    /// </summary>
    public const int SentAtField = 15;

    /// <summary>The body for <paramref name="descriptor"/> sent at <paramref name="sentAt"/>; the caller zeroes it after use (it holds the file's key).</summary>
    public static byte[] Encode(FileDescriptor descriptor, DateTimeOffset sentAt)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var encoded = descriptor.Encode();
        try
        {
            var sent = new ProtoWriter(16).WriteUInt64(SentAtField, SendTime.ToField(sentAt)).WrittenSpan;
            var body = new byte[encoded.Length + sent.Length];
            encoded.CopyTo(body, 0);
            sent.CopyTo(body.AsSpan(encoded.Length));
            return body;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encoded);
        }
    }

    /// <summary>
    /// The send time of a file message body; false when <paramref name="contentType"/> is not a file's, the body carries
    /// none (a reference client's) or it is malformed.
    /// </summary>
    public static bool TryReadSentAt(ushort contentType, ReadOnlySpan<byte> body, out DateTimeOffset sentAt)
    {
        sentAt = default;
        if (contentType != FileDescriptor.ContentType)
        {
            return false;
        }
        try
        {
            ulong? sent = null;
            var reader = new ProtoReader(body);
            while (reader.Next())
            {
                if (reader.Field == SentAtField)
                {
                    sent = reader.ReadUInt64();
                }
                else
                {
                    reader.Skip();
                }
            }
            return SendTime.TryFromField(sent, out sentAt);
        }
        catch (WickrException)
        {
            return false;
        }
    }
}
