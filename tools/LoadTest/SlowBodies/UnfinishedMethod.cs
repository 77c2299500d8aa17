namespace Wickr.Cluster.LoadTest.SlowBodies;

/// <summary>
/// A unary method the attack calls: the length its request's prefix announces and the bytes of it sent before the
/// client goes quiet. Announcing more than a service's receive limit would be refused at once, so each announces what
/// its door still waits for.
/// </summary>
internal sealed record UnfinishedMethod(string Path, int Announced, int Sent)
{
    /// <summary>SendPacket (~200 KB, the message the issue measured), then the unauthenticated doors up to their service's cap.</summary>
    public static IReadOnlyList<UnfinishedMethod> Mix { get; } =
    [
        new("/wickr.cluster.v1.Messages/SendPacket", 200_000, 1024),
        new("/wickr.cluster.v1.Messages/SendPacket", 200_000, 1024),
        new("/wickr.cluster.v1.Messages/SendPacket", 200_000, 1024),
        new("/wickr.cluster.v1.Accounts/RegisterUser", 60_000, 1024),
        new("/wickr.cluster.v1.Auth/CreateChallenge", 1024, 512),
    ];

    /// <summary>The method of the <paramref name="index"/>th stream slot.</summary>
    public static UnfinishedMethod For(int index) => Mix[index % Mix.Count];
}
