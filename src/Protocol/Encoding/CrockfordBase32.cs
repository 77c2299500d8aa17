namespace Wickr.Cluster.Protocol.Encoding;

/// <summary>
/// Base32 with Crockford's alphabet (no I, L, O, U) in RFC 4648 bit order and without padding, the form the
/// reference implementation shows fingerprints in: the last group is filled with zero bits on the right.
/// </summary>
internal static class CrockfordBase32
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Number of characters for <paramref name="byteCount"/> bytes.</summary>
    public static int EncodedLength(int byteCount) => ((byteCount * 8) + 4) / 5;

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var chars = new char[EncodedLength(data.Length)];
        int buffer = 0, bits = 0, next = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[next++] = Alphabet[(buffer >> bits) & 31];
            }

            buffer &= (1 << bits) - 1;
        }

        if (bits > 0)
        {
            chars[next] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        var text = new string(chars);
        Array.Clear(chars);
        return text;
    }

    /// <summary>
    /// Decodes <paramref name="text"/> to exactly <paramref name="byteCount"/> bytes. Case-insensitive; reads
    /// O as 0 and I, L as 1 (Crockford's rule for hand-typed text); hyphens and spaces are ignored. Throws
    /// <see cref="WickrException"/> (Parse) on any other character, a wrong length or non-zero fill bits.
    /// </summary>
    public static byte[] Decode(ReadOnlySpan<char> text, int byteCount)
    {
        var output = new byte[byteCount];
        int buffer = 0, bits = 0, next = 0, digits = 0;
        foreach (var c in text)
        {
            if (c is '-' or ' ')
            {
                continue;
            }

            var value = Value(c);
            if (value < 0)
            {
                throw new WickrException(WickrError.Parse, "not a base32 character");
            }

            digits++;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                if (next == byteCount)
                {
                    throw new WickrException(WickrError.Parse, $"base32 text longer than {byteCount} bytes");
                }

                output[next++] = (byte)(buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }

        if (next != byteCount || digits != EncodedLength(byteCount) || buffer != 0)
        {
            throw new WickrException(WickrError.Parse, $"base32 text is not {byteCount} bytes");
        }

        return output;
    }

    private static int Value(char c) => char.ToUpperInvariant(c) switch
    {
        'O' => 0,
        'I' or 'L' => 1,
        var upper => Alphabet.IndexOf(upper, StringComparison.Ordinal),
    };
}
