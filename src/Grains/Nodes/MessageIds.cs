namespace Wickr.Cluster.Grains.Nodes;

/// <summary>The rule for sender-chosen message ids: visible ASCII, bounded length.</summary>
internal static class MessageIds
{
    public static void Validate(string? messageId, int maxLength)
    {
        if (string.IsNullOrEmpty(messageId) || messageId.Length > maxLength)
        {
            throw Require.Invalid($"A message id has 1 to {maxLength} characters.");
        }

        foreach (var c in messageId)
        {
            if (c is < '!' or > '~')
            {
                throw Require.Invalid("A message id is made of visible ASCII characters.");
            }
        }
    }
}
