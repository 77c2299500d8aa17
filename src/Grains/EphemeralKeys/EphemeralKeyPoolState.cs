using Wickr.Cluster.Contracts;
namespace Wickr.Cluster.Grains.EphemeralKeys;

/// <summary>
/// The persisted pool header. The one-time keys themselves are rows in the key store; this holds what must
/// outlive them: the highest id ever seen (ids never go back) and the last-resort key.
/// </summary>
[GenerateSerializer]
internal sealed class EphemeralKeyPoolState
{
    [Id(0)]
    public bool IsOpen { get; set; }

    [Id(1)]
    public ulong? HighestKeyId { get; set; }

    [Id(2)]
    public SignedEphemeralKey? LastResortKey { get; set; }
}
