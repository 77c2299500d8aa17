using System.Globalization;
using System.Text;

namespace Wickr.Cluster.Grains.Storage.AzureTables;

/// <summary>
/// Partition and row keys. Azure forbids '/', '\', '#', '?' and control characters in keys, so those
/// (and '%', the escape itself) are written as %XX, which keeps the mapping one-to-one.
/// </summary>
internal static class AzureTableKeys
{
    // Azure allows 1 KiB per key; leave room for the row-kind prefix.
    private const int MaxKeyLength = 500;

    /// <summary>Row keys of packets: "p" + 19-digit sequence, so string order is sequence order.</summary>
    public const string PacketRowPrefix = "p";

    /// <summary>First row key after every packet row.</summary>
    public const string PacketRowEnd = "q";

    /// <summary>Row keys of message-id rows: "m" + base64url(sender node id) + "." + escaped message id.</summary>
    public const string MessageRowPrefix = "m";

    /// <summary>First row key after every message-id row.</summary>
    public const string MessageRowEnd = "n";

    public static string Partition(string nodeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        return Escape(nodeId, nameof(nodeId));
    }

    public static string PacketRow(long sequence) =>
        PacketRowPrefix + sequence.ToString("D19", CultureInfo.InvariantCulture);

    public static long ParsePacketRow(string rowKey) =>
        long.Parse(rowKey.AsSpan(PacketRowPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture);

    public static string MessageRow(byte[] senderNodeIdentifier, string messageId)
    {
        ArgumentNullException.ThrowIfNull(senderNodeIdentifier);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        return MessageRowPrefix + System.Buffers.Text.Base64Url.EncodeToString(senderNodeIdentifier) + "." + Escape(messageId, nameof(messageId));
    }

    public static string KeyRow(ulong keyId) => keyId.ToString("D20", CultureInfo.InvariantCulture);

    public static ulong ParseKeyRow(string rowKey) =>
        ulong.Parse(rowKey, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string Escape(string value, string paramName)
    {
        StringBuilder? escaped = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (NeedsEscape(c))
            {
                escaped ??= new StringBuilder(value, 0, i, value.Length + 8);
                escaped.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped?.Append(c);
            }
        }

        var key = escaped?.ToString() ?? value;
        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"Too long for a table key ({key.Length} > {MaxKeyLength} characters).", paramName);
        }

        return key;
    }

    private static bool NeedsEscape(char c) =>
        c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);
}
