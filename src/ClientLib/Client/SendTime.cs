namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// A message's send time as our bodies carry it (<see cref="TextBody"/>, <see cref="FileBody"/>): milliseconds since the
/// Unix epoch in a uint64 field, inside the encrypted payload the sending node signs.
/// </summary>
internal static class SendTime
{
    /// <summary>The field value for <paramref name="sentAt"/>.</summary>
    public static ulong ToField(DateTimeOffset sentAt) => (ulong)sentAt.ToUnixTimeMilliseconds();

    /// <summary>The time a field read as <paramref name="field"/> names; false when there was none or it is out of range.</summary>
    public static bool TryFromField(ulong? field, out DateTimeOffset sentAt)
    {
        sentAt = default;
        if (field is not { } ms || ms > (ulong)DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }
        sentAt = DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
        return true;
    }
}
