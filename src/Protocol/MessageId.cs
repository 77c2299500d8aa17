using System.Security.Cryptography;

namespace Wickr.Cluster.Protocol;

/// <summary>
/// A message id: the id the sender chooses for one send, 1 to <see cref="ProtocolLimits.MaxMessageIdLength"/>
/// characters of <c>A-Z a-z 0-9 _ -</c>. A retried send carries the same id, so the mailboxes keep it once and the
/// recipients' replay checks see it once. It travels beside the packet (SendPacket's <c>message_id</c>), not inside
/// it, and is not signed. Not to be confused with a device's <c>msg_proto_id</c> (its <c>dev_id</c>). This is the
/// one grammar the client, the gateway and the grains check; <c>default</c> is not a message id.
/// </summary>
public readonly record struct MessageId
{
    private MessageId(string value) => Value = value;

    /// <summary>The id's text.</summary>
    public string Value { get; }

    /// <summary>A fresh random id: 128 random bits in base64url, 22 characters.</summary>
    public static MessageId New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return new MessageId(Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
    }

    /// <summary>Reads <paramref name="text"/> as a message id.</summary>
    /// <exception cref="WickrException"><see cref="WickrError.InvalidArgument"/>, saying what is wrong, when it is not one.</exception>
    public static MessageId Parse(string? text) =>
        Problem(text) is { } problem ? throw new WickrException(WickrError.InvalidArgument, problem) : new MessageId(text!);

    /// <summary>Reads <paramref name="text"/> as a message id; false when it is not one.</summary>
    public static bool TryParse(string? text, out MessageId id)
    {
        id = Problem(text) is null ? new MessageId(text!) : default;
        return id.Value is not null;
    }

    /// <summary>
    /// What is wrong with <paramref name="text"/> as a message id, as a phrase every layer puts in its own error
    /// ("a message id has 1 to 64 characters, not 65"); null when it is a message id.
    /// </summary>
    public static string? Problem(string? text)
    {
        var length = text?.Length ?? 0;
        if (length is 0 or > ProtocolLimits.MaxMessageIdLength)
        {
            return $"a message id has 1 to {ProtocolLimits.MaxMessageIdLength} characters, not {length}";
        }

        foreach (var c in text!)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-'))
            {
                return "a message id is made of the characters A-Z, a-z, 0-9, '_' and '-'";
            }
        }

        return null;
    }

    /// <summary>The id's text.</summary>
    public override string ToString() => Value;
}
