using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Wickr.Cluster.Grains.Interfaces.Files;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Gateway.Wire;

/// <summary>
/// The largest request message each gRPC method reads, the one place these caps are written: what the method's largest
/// valid request needs (from <see cref="ProtocolLimits"/>, <see cref="ProtocolSizes"/> and <see cref="FileLimits"/>) plus
/// room for its other fields. gRPC refuses a message above its service's largest cap as soon as the length prefix
/// arrives, before buffering the body; the guarded marshaller (<see cref="GuardedServiceMethodProvider{TService}"/>)
/// refuses one above its method's own cap before parsing it. Both answer RESOURCE_EXHAUSTED.
/// </summary>
internal static class RequestSizeLimits
{
    /// <summary>The cap of Auth's calls (a node identifier, a nonce and a signature): 1 KiB.</summary>
    public const int Auth = 1024;

    /// <summary>The cap of every call not named otherwise (identifiers, a signature, a few numbers), health and reflection included: 4 KiB.</summary>
    public const int Small = 4 * 1024;

    // Room for the fields around the large part of a message.
    private const int Envelope = 1024;

    // A repeated node identifier on the wire: tag, length, 32 bytes.
    private const int Identifier = ProtocolSizes.NodeIdentifier + 4;

    // A signed ephemeral key on the wire: id, public key and signature with their tags and lengths.
    private const int Key = ProtocolSizes.PublicKey + ProtocolSizes.Signature + 32;

    private static readonly Dictionary<string, int> ByMethod = new(StringComparer.Ordinal)
    {
        [Name(Api.V1.Auth.Descriptor, "CreateChallenge")] = Auth,
        [Name(Api.V1.Auth.Descriptor, "CreateToken")] = Auth,
        [Name(Api.V1.Accounts.Descriptor, "StoreRecoveryBundle")] = ProtocolLimits.MaxRecoveryBundleBytes + Envelope,
        [Name(Api.V1.EphemeralKeys.Descriptor, "UploadKeys")] = (ProtocolLimits.MaxUploadKeys * Key) + Envelope,
        [Name(Api.V1.EphemeralKeys.Descriptor, "ClaimKeys")] = (ProtocolLimits.MaxClaimNodes * Identifier) + Envelope,
        [Name(Api.V1.Messages.Descriptor, "SendPacket")] = ProtocolLimits.MaxPacketBytes + (ProtocolLimits.MaxRecipients * Identifier) + Envelope,
        [Name(Api.V1.Messages.Descriptor, "Ack")] = (ProtocolLimits.MaxAckSequences * 10) + Envelope,
        [Name(Api.V1.Files.Descriptor, "Upload")] = FileLimits.ChunkBytes + Envelope,
        [Name(Api.V1.Files.Descriptor, "SetRecipients")] = (FileLimits.MaxRecipients * Identifier) + Envelope,
    };

    /// <summary>The cap of the method named <paramref name="fullName"/> (<c>/package.Service/Method</c>).</summary>
    public static int ForMethod(string fullName) => ByMethod.GetValueOrDefault(fullName, Small);

    /// <summary>The largest cap of a method of <paramref name="service"/>: gRPC's receive limit for that service.</summary>
    public static int ForService(ServiceDescriptor service) =>
        service.Methods.Max(m => ForMethod(Name(service, m.Name)));

    /// <summary>The largest cap of all.</summary>
    public static int Largest => ByMethod.Values.Append(Small).Max();

    private static string Name(ServiceDescriptor service, string method) => $"/{service.FullName}/{method}";
}
