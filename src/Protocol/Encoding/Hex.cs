namespace Wickr.Cluster.Protocol.Encoding;

/// <summary>The identifiers' text form.</summary>
internal static class Hex
{
    /// <summary>True when every character of <paramref name="text"/> is 0-9 or a-f.</summary>
    public static bool IsLower(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
