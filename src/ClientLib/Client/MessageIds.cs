using System.Security.Cryptography;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>Sender-chosen message ids: 1 to 64 characters of [A-Za-z0-9_-], random by default.</summary>
internal static class MessageIds
{
    public const int MaxLength = 64;

    /// <summary>128 random bits in base64url: 22 characters.</summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static void Validate(string messageId)
    {
        if (messageId.Length is 0 or > MaxLength || !messageId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw new WickrException(WickrError.InvalidArgument, $"a message id has 1 to {MaxLength} characters of [A-Za-z0-9_-]");
        }
    }
}
