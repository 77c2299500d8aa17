using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Encoding;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// The application-level body of a text message: <c>{ 1 sent_at_unix_ms; 2 utf8 text }</c> under content type
/// <see cref="ContentType"/>. The send time travels encrypted and signed by the sender, so a message's time to live
/// counts from when it was sent, not from when a device happened to come online (the reference's packet meta
/// carries only the TTL).
/// </summary>
public static class TextBody
{
    /// <summary>The content type of a text body ("TX").</summary>
    public const ushort ContentType = 0x5458;

    /// <summary>The body for <paramref name="text"/> sent at <paramref name="sentAt"/>.</summary>
    public static byte[] Encode(DateTimeOffset sentAt, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        try
        {
            return new ProtoWriter(utf8.Length + 32).WriteUInt64(1, SendTime.ToField(sentAt)).WriteBytes(2, utf8).ToArrayAndZero();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
        }
    }

    /// <summary>Reads a text body; false when <paramref name="contentType"/> is not ours or the body is malformed.</summary>
    public static bool TryDecode(ushort contentType, ReadOnlySpan<byte> body, out DateTimeOffset sentAt, out string text)
    {
        sentAt = default;
        text = string.Empty;
        if (contentType != ContentType)
        {
            return false;
        }
        try
        {
            ulong? sent = null;
            var reader = new ProtoReader(body);
            while (reader.Next())
            {
                switch (reader.Field)
                {
                    case 1: sent = reader.ReadUInt64(); break;
                    case 2: text = System.Text.Encoding.UTF8.GetString(reader.ReadBytes()); break;
                    default: reader.Skip(); break;
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
