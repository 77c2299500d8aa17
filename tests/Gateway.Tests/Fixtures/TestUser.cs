using System.Security.Cryptography;
using Google.Protobuf;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Identity;

namespace Wickr.Cluster.Gateway.Tests.Fixtures;

/// <summary>A user with a real P-521 root key; builds its root-signed requests with ClientLib's canonical bytes.</summary>
public sealed class TestUser : IDisposable
{
    public TestUser()
        : this(RandomNumberGenerator.GetBytes(16))
    {
    }

    /// <summary>A user whose root identifier is <paramref name="rootIdentifier"/> (<see cref="Protocol.Enrollment.UserNames.RootIdentifier"/> of a name).</summary>
    public TestUser(byte[] rootIdentifier) => RootIdentifier = rootIdentifier;

    public byte[] RootIdentifier { get; }

    public EcKeyPair RootKey { get; } = EcKeyPair.Generate();

    public RootIdentity Root => new(RootIdentifier, RootKey.PublicKey);

    internal RegisterUserRequest RegisterRequest() => new()
    {
        RootIdentifier = ByteString.CopyFrom(RootIdentifier),
        RootPublicKey = ByteString.CopyFrom(RootKey.PublicKey.Encoded),
        Signature = ByteString.CopyFrom(EcdsaSignature.Sign(RootKey, RequestSignatures.RegisterUser(RootIdentifier, RootKey.PublicKey.Encoded))),
    };

    public TestDevice NewDevice() => new(this);

    internal RegisterNodeRequest RegisterNodeRequest(TestDevice device, DateTimeOffset issuedAt, EcKeyPair? signer = null)
    {
        var at = issuedAt.ToUnixTimeMilliseconds();
        var record = device.Record();
        var signed = RequestSignatures.RegisterNode(
            RootIdentifier, record.NodeIdentifier.Span, record.NodePublicKey.Span, record.NodeSignature.Span, record.DevId.Span, at);
        return new RegisterNodeRequest
        {
            RootIdentifier = ByteString.CopyFrom(RootIdentifier),
            Node = record,
            IssuedAtUnixMs = at,
            Signature = ByteString.CopyFrom(EcdsaSignature.Sign(signer ?? RootKey, signed)),
        };
    }

    internal RemoveNodeRequest RemoveNodeRequest(TestDevice device, DateTimeOffset issuedAt, EcKeyPair? signer = null)
    {
        var at = issuedAt.ToUnixTimeMilliseconds();
        return new RemoveNodeRequest
        {
            RootIdentifier = ByteString.CopyFrom(RootIdentifier),
            NodeIdentifier = ByteString.CopyFrom(device.NodeIdentifier),
            IssuedAtUnixMs = at,
            Signature = ByteString.CopyFrom(EcdsaSignature.Sign(
                signer ?? RootKey, RequestSignatures.RemoveNode(RootIdentifier, device.NodeIdentifier, at))),
        };
    }

    internal StoreRecoveryBundleRequest StoreBundleRequest(byte[] bundle, byte[] accessKey, DateTimeOffset issuedAt, EcKeyPair? signer = null)
    {
        var at = issuedAt.ToUnixTimeMilliseconds();
        return new StoreRecoveryBundleRequest
        {
            Bundle = ByteString.CopyFrom(bundle),
            AccessKey = ByteString.CopyFrom(accessKey),
            IssuedAtUnixMs = at,
            Signature = ByteString.CopyFrom(EcdsaSignature.Sign(
                signer ?? RootKey, RequestSignatures.StoreRecoveryBundle(RootIdentifier, bundle, accessKey, at))),
        };
    }

    public void Dispose() => RootKey.Dispose();
}
