using System.Security.Cryptography;

namespace Wickr.Cluster.Protocol.Crypto;

/// <summary>
/// P-521 on .NET's <c>ECDsa</c> and <c>ECDiffieHellman</c>. A point is validated with the curve equation
/// (<see cref="P521Curve"/>) rather than by a platform import, and each key object is created on first use only for the
/// operation that needs it, because every .NET import of a P-521 key repeats a costly point-order check.
/// </summary>
internal sealed class ManagedEcBackend : EcBackend
{
    /// <inheritdoc />
    public override string Name => "managed";

    /// <inheritdoc />
    public override EcKeyPair Generate()
    {
        var exchanger = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP521);
        var parameters = exchanger.ExportParameters(includePrivateParameters: true);
        try
        {
            return EcKeyPair.FromGenerated(parameters, exchanger);
        }
        catch
        {
            exchanger.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    /// <inheritdoc />
    public override void Validate(EcPublicKey key) => key.CheckOnCurve();

    /// <inheritdoc />
    public override byte[] Sign(EcKeyPair key, ReadOnlySpan<byte> data)
        => key.Signer.SignData(data, HashAlgorithmName.SHA512, DSASignatureFormat.Rfc3279DerSequence);

    /// <inheritdoc />
    public override bool Verify(EcPublicKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> derSignature, HashAlgorithmName hash)
        => key.Verifier.VerifyData(data, derSignature, hash, DSASignatureFormat.Rfc3279DerSequence);

    /// <inheritdoc />
    public override byte[] Agree(EcKeyPair mine, EcPublicKey theirs)
    {
        try
        {
            return mine.Exchanger.DeriveRawSecretAgreement(theirs.ExchangeKey);
        }
        catch (CryptographicException ex)
        {
            throw new WickrException(WickrError.Decrypt, "key agreement failed", ex);
        }
    }
}
