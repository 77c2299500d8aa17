using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Wickr.Cluster.Protocol.Crypto.Native;

/// <summary>
/// P-521 key parsing, key generation, ECDH and ECDSA straight on OpenSSL 3's <c>libcrypto</c>. It exists because .NET
/// re-validates a P-521 key on import and again on every key agreement with a full point-order check (a scalar
/// multiplication, as costly as the ECDH itself). On a prime-order curve (cofactor 1, as P-521) a point that is on
/// the curve is a valid public key, and OpenSSL checks exactly that while parsing, so the order check is skipped.
/// </summary>
internal static unsafe class OpenSslP521
{
    /// <summary>Size of an uncompressed SEC1 point: <c>04 ‖ X(66) ‖ Y(66)</c>.</summary>
    public const int PointSize = 1 + (2 * EcPublicKey.CoordinateSize);

    /// <summary>Largest DER <c>ECDSA-Sig-Value</c> on P-521.</summary>
    public const int MaxDerSignatureSize = 141;

    private static readonly Lazy<bool> Probe = new(ProbeLibrary);
    private static readonly Lazy<nint> Sha256 = new(() => FetchDigest("SHA256\0"u8));
    private static readonly Lazy<nint> Sha384 = new(() => FetchDigest("SHA384\0"u8));
    private static readonly Lazy<nint> Sha512 = new(() => FetchDigest("SHA512\0"u8));

    /// <summary>True on Linux when <c>libcrypto.so.3</c> loads, is OpenSSL 3 or later and passes a self-test.</summary>
    public static bool IsAvailable => Probe.Value;

    /// <summary>
    /// Parses an uncompressed SEC1 point. OpenSSL rejects a coordinate outside the field and a point off the curve;
    /// either throws <see cref="WickrException"/> (Parse).
    /// </summary>
    public static EvpPKeyHandle ImportPublicKey(ReadOnlySpan<byte> point)
    {
        if (point.Length != PointSize || point[0] != 0x04)
        {
            throw new WickrException(WickrError.Parse, "a P-521 public key is a 133-byte uncompressed point");
        }

        return FromPoint(point, "the public key is not a valid P-521 point");
    }

    /// <summary>
    /// Writes the y (66 bytes, big-endian) of the point whose compressed SEC1 form (<c>02|03 ‖ X(66)</c>) is
    /// <paramref name="compressed"/>; false when it names no point of P-521. About ten times faster than the managed
    /// square root, which matters because every stored ephemeral key is decompressed when its pool is read.
    /// </summary>
    public static bool TryRecoverY(ReadOnlySpan<byte> compressed, Span<byte> y)
    {
        EvpPKeyHandle key;
        try
        {
            key = FromPoint(compressed, "the compressed key names no P-521 point");
        }
        catch (WickrException)
        {
            return false;
        }

        var bigNumber = nint.Zero;
        try
        {
            fixed (byte* qy = "qy\0"u8)
            fixed (byte* yData = y)
            {
                return LibCrypto.EVP_PKEY_get_bn_param(key, qy, &bigNumber) == 1
                    && LibCrypto.BN_bn2binpad(bigNumber, yData, y.Length) == y.Length;
            }
        }
        finally
        {
            LibCrypto.BN_clear_free(bigNumber);
            key.Dispose();
        }
    }

    /// <summary>Builds a key pair from a big-endian 66-byte scalar and its public point (which the caller derived from it).</summary>
    public static EvpPKeyHandle ImportKeyPair(ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> point)
    {
        // OSSL_PARAM integers are in native byte order.
        Span<byte> native = stackalloc byte[scalar.Length];
        scalar.CopyTo(native);
        if (BitConverter.IsLittleEndian)
        {
            native.Reverse();
        }

        try
        {
            fixed (byte* group = "P-521\0"u8)
            fixed (byte* groupKey = "group\0"u8)
            fixed (byte* pubKey = "pub\0"u8)
            fixed (byte* privKey = "priv\0"u8)
            fixed (byte* pointData = point)
            fixed (byte* scalarData = native)
            {
                var parameters = stackalloc OsslParam[4];
                parameters[0] = OsslParam.Of(groupKey, OsslParam.Utf8String, group, 5);
                parameters[1] = OsslParam.Of(pubKey, OsslParam.OctetString, pointData, point.Length);
                parameters[2] = OsslParam.Of(privKey, OsslParam.UnsignedInteger, scalarData, native.Length);
                parameters[3] = OsslParam.End;
                return FromData(parameters, LibCrypto.SelectKeyPair, "the private key is not a valid P-521 key");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(native);
        }
    }

    /// <summary>A fresh key pair; writes its big-endian scalar (66 bytes) and uncompressed point (133 bytes).</summary>
    public static EvpPKeyHandle Generate(Span<byte> scalar, Span<byte> point)
    {
        using var context = NewContext("EC\0"u8);
        EvpPKeyHandle key;
        fixed (byte* group = "P-521\0"u8)
        {
            if (LibCrypto.EVP_PKEY_keygen_init(context) != 1
                || LibCrypto.EVP_PKEY_CTX_set_group_name(context, group) != 1
                || LibCrypto.EVP_PKEY_generate(context, out key) != 1)
            {
                throw Failure("P-521 key generation failed");
            }
        }

        var bigNumber = nint.Zero;
        try
        {
            fixed (byte* pubKey = "pub\0"u8)
            fixed (byte* privKey = "priv\0"u8)
            fixed (byte* pointData = point)
            fixed (byte* scalarData = scalar)
            {
                if (LibCrypto.EVP_PKEY_get_octet_string_param(key, pubKey, pointData, (nuint)point.Length, out var written) != 1
                    || written != PointSize
                    || LibCrypto.EVP_PKEY_get_bn_param(key, privKey, &bigNumber) != 1
                    || LibCrypto.BN_bn2binpad(bigNumber, scalarData, scalar.Length) != scalar.Length)
                {
                    throw Failure("exporting a generated P-521 key failed");
                }
            }

            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
        finally
        {
            if (bigNumber != nint.Zero)
            {
                LibCrypto.BN_clear_free(bigNumber);
            }
        }
    }

    /// <summary>
    /// ECDH: the x-coordinate of <paramref name="mine"/>·<paramref name="theirs"/>, 66 bytes big-endian, into
    /// <paramref name="secret"/>. The peer was checked to be on the curve when it was parsed, which on P-521 is the
    /// whole check, so OpenSSL's redundant order check (<c>validate_peer</c>) is off.
    /// </summary>
    public static void Derive(EvpPKeyHandle mine, EvpPKeyHandle theirs, Span<byte> secret)
    {
        using var context = LibCrypto.EVP_PKEY_CTX_new_from_pkey(0, mine, null);
        if (context.IsInvalid)
        {
            throw Failure("creating a key agreement context failed");
        }

        var length = (nuint)secret.Length;
        fixed (byte* secretData = secret)
        {
            if (LibCrypto.EVP_PKEY_derive_init(context) != 1
                || LibCrypto.EVP_PKEY_derive_set_peer_ex(context, theirs, validatePeer: 0) != 1
                || LibCrypto.EVP_PKEY_derive(context, secretData, ref length) != 1
                || length != (nuint)secret.Length)
            {
                CryptographicOperations.ZeroMemory(secret);
                throw Failure("P-521 key agreement failed");
            }
        }
    }

    /// <summary>ECDSA with SHA-512; returns the DER <c>ECDSA-Sig-Value</c>.</summary>
    public static byte[] Sign(EvpPKeyHandle key, ReadOnlySpan<byte> data)
    {
        using var context = NewDigestContext();
        Span<byte> signature = stackalloc byte[MaxDerSignatureSize];
        var length = (nuint)signature.Length;
        fixed (byte* signatureData = signature)
        fixed (byte* input = data)
        {
            if (LibCrypto.EVP_DigestSignInit(context, 0, Sha512.Value, 0, key) != 1
                || LibCrypto.EVP_DigestSign(context, signatureData, ref length, input, (nuint)data.Length) != 1)
            {
                throw Failure("P-521 signing failed");
            }
        }

        return signature[..(int)length].ToArray();
    }

    /// <summary>Verifies a DER <c>ECDSA-Sig-Value</c> over <paramref name="data"/> hashed with <paramref name="hash"/>.</summary>
    public static bool Verify(EvpPKeyHandle key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> derSignature, HashAlgorithmName hash)
    {
        var digest = hash == HashAlgorithmName.SHA512 ? Sha512.Value
            : hash == HashAlgorithmName.SHA384 ? Sha384.Value
            : hash == HashAlgorithmName.SHA256 ? Sha256.Value
            : throw new WickrException(WickrError.InvalidArgument, $"no digest {hash.Name} for ECDSA");
        using var context = NewDigestContext();
        fixed (byte* signatureData = derSignature)
        fixed (byte* input = data)
        {
            if (LibCrypto.EVP_DigestVerifyInit(context, 0, digest, 0, key) != 1)
            {
                throw Failure("starting a P-521 verification failed");
            }

            // 1 verifies; 0 does not; below 0 the signature was not even well-formed DER — also "does not verify".
            var verified = LibCrypto.EVP_DigestVerify(context, signatureData, (nuint)derSignature.Length, input, (nuint)data.Length) == 1;
            if (!verified)
            {
                LibCrypto.ERR_clear_error();
            }

            return verified;
        }
    }

    // A public key from a SEC1 point in either form; OpenSSL checks it is on the curve.
    private static EvpPKeyHandle FromPoint(ReadOnlySpan<byte> point, string whatFailed)
    {
        fixed (byte* group = "P-521\0"u8)
        fixed (byte* groupKey = "group\0"u8)
        fixed (byte* pubKey = "pub\0"u8)
        fixed (byte* pointData = point)
        {
            var parameters = stackalloc OsslParam[3];
            parameters[0] = OsslParam.Of(groupKey, OsslParam.Utf8String, group, 5);
            parameters[1] = OsslParam.Of(pubKey, OsslParam.OctetString, pointData, point.Length);
            parameters[2] = OsslParam.End;
            return FromData(parameters, LibCrypto.SelectPublicKey, whatFailed);
        }
    }

    private static EvpPKeyHandle FromData(OsslParam* parameters, int selection, string whatFailed)
    {
        using var context = NewContext("EC\0"u8);
        if (LibCrypto.EVP_PKEY_fromdata_init(context) != 1)
        {
            throw Failure("starting a P-521 key import failed");
        }

        if (LibCrypto.EVP_PKEY_fromdata(context, out var key, selection, parameters) != 1 || key.IsInvalid)
        {
            key.Dispose();
            LibCrypto.ERR_clear_error();
            throw new WickrException(WickrError.Parse, whatFailed);
        }

        return key;
    }

    private static EvpPKeyCtxHandle NewContext(ReadOnlySpan<byte> algorithm)
    {
        EvpPKeyCtxHandle context;
        fixed (byte* name = algorithm)
        {
            context = LibCrypto.EVP_PKEY_CTX_new_from_name(0, name, null);
        }

        if (context.IsInvalid)
        {
            context.Dispose();
            throw Failure("creating an EC key context failed");
        }

        return context;
    }

    private static EvpMdCtxHandle NewDigestContext()
    {
        var context = LibCrypto.EVP_MD_CTX_new();
        if (context.IsInvalid)
        {
            context.Dispose();
            throw Failure("creating a digest context failed");
        }

        return context;
    }

    private static nint FetchDigest(ReadOnlySpan<byte> name)
    {
        // Fetched once and kept for the life of the process: a fetched EVP_MD is immutable and safe to share.
        fixed (byte* algorithm = name)
        {
            var digest = LibCrypto.EVP_MD_fetch(0, algorithm, null);
            return digest != 0 ? digest : throw Failure("fetching a digest failed");
        }
    }

    private static CryptographicException Failure(string message)
    {
        LibCrypto.ERR_clear_error();
        return new CryptographicException(message);
    }

    private static bool ProbeLibrary()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad(LibCrypto.LibraryName, typeof(OpenSslP521).Assembly, null, out _))
        {
            return false;
        }

        try
        {
            if (LibCrypto.OpenSSL_version_num() < 0x3000_0000)
            {
                return false;
            }

            return SelfTest();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or CryptographicException or WickrException)
        {
            return false;
        }
    }

    // One agreement both ways, a re-import of a generated key and a signature round trip: if any of it misbehaves
    // on this system's libcrypto, the managed path is used instead.
    private static bool SelfTest()
    {
        Span<byte> scalarA = stackalloc byte[EcPublicKey.CoordinateSize];
        Span<byte> scalarB = stackalloc byte[EcPublicKey.CoordinateSize];
        Span<byte> pointA = stackalloc byte[PointSize];
        Span<byte> pointB = stackalloc byte[PointSize];
        Span<byte> secretAb = stackalloc byte[EcPublicKey.CoordinateSize];
        Span<byte> secretBa = stackalloc byte[EcPublicKey.CoordinateSize];
        try
        {
            using var a = Generate(scalarA, pointA);
            using var b = Generate(scalarB, pointB);
            using var publicA = ImportPublicKey(pointA);
            using var publicB = ImportPublicKey(pointB);
            using var reimportedB = ImportKeyPair(scalarB, pointB);
            Derive(a, publicB, secretAb);
            Derive(reimportedB, publicA, secretBa);
            var signature = Sign(a, pointB);
            return secretAb.SequenceEqual(secretBa)
                && secretAb.ContainsAnyExcept((byte)0)
                && Verify(publicA, pointB, signature, HashAlgorithmName.SHA512)
                && !Verify(publicA, pointA, signature, HashAlgorithmName.SHA512)
                && signature[0] == 0x30;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalarA);
            CryptographicOperations.ZeroMemory(scalarB);
            CryptographicOperations.ZeroMemory(secretAb);
            CryptographicOperations.ZeroMemory(secretBa);
        }
    }
}
