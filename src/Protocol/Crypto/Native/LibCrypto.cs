using System.Runtime.InteropServices;

namespace Wickr.Cluster.Protocol.Crypto.Native;

/// <summary>
/// The few OpenSSL 3 <c>libcrypto</c> entry points the P-521 fast path needs. Names and signatures are OpenSSL's own
/// (see <c>EVP_PKEY_fromdata(3)</c>, <c>EVP_PKEY_derive(3)</c>, <c>EVP_DigestSign(3)</c>). Strings are passed as
/// pointers to NUL-terminated UTF-8 literals, so no call allocates.
/// </summary>
internal static unsafe partial class LibCrypto
{
    public const string LibraryName = "libcrypto.so.3";

    /// <summary><c>EVP_PKEY_PUBLIC_KEY</c>: domain parameters and the public point.</summary>
    public const int SelectPublicKey = 0x86;

    /// <summary><c>EVP_PKEY_KEYPAIR</c>: domain parameters, public point and private scalar.</summary>
    public const int SelectKeyPair = 0x87;

    [LibraryImport(LibraryName)]
    public static partial nuint OpenSSL_version_num();

    [LibraryImport(LibraryName)]
    public static partial void ERR_clear_error();

    [LibraryImport(LibraryName)]
    public static partial EvpPKeyCtxHandle EVP_PKEY_CTX_new_from_name(nint libraryContext, byte* name, byte* properties);

    [LibraryImport(LibraryName)]
    public static partial EvpPKeyCtxHandle EVP_PKEY_CTX_new_from_pkey(nint libraryContext, EvpPKeyHandle key, byte* properties);

    [LibraryImport(LibraryName)]
    public static partial void EVP_PKEY_CTX_free(nint context);

    [LibraryImport(LibraryName)]
    public static partial int EVP_PKEY_fromdata_init(EvpPKeyCtxHandle context);

    [LibraryImport(LibraryName)]
    public static partial int EVP_PKEY_fromdata(EvpPKeyCtxHandle context, out EvpPKeyHandle key, int selection, OsslParam* parameters);

    [LibraryImport(LibraryName)]
    public static partial int EVP_PKEY_keygen_init(EvpPKeyCtxHandle context);

    [LibraryImport(LibraryName)]
    public static partial int EVP_PKEY_CTX_set_group_name(EvpPKeyCtxHandle context, byte* name);

    [LibraryImport(LibraryName)]
    public static partial int EVP_PKEY_generate(EvpPKeyCtxHandle context, out EvpPKeyHandle key);

    [LibraryImport(LibraryName)]
    public static partial void EVP_PKEY_free(nint key);

    [LibraryImport(LibraryName)]
    public static partial int EVP_PKEY_get_octet_string_param(EvpPKeyHandle key, byte* name, byte* buffer, nuint bufferSize, out nuint written);

    [LibraryImport(LibraryName)]
    public static partial int EVP_PKEY_get_bn_param(EvpPKeyHandle key, byte* name, nint* bigNumber);

    [LibraryImport(LibraryName)]
    public static partial int BN_bn2binpad(nint bigNumber, byte* destination, int length);

    [LibraryImport(LibraryName)]
    public static partial void BN_clear_free(nint bigNumber);

    [LibraryImport(LibraryName)]
    public static partial int EVP_PKEY_derive_init(EvpPKeyCtxHandle context);

    [LibraryImport(LibraryName)]
    public static partial int EVP_PKEY_derive_set_peer_ex(EvpPKeyCtxHandle context, EvpPKeyHandle peer, int validatePeer);

    [LibraryImport(LibraryName)]
    public static partial int EVP_PKEY_derive(EvpPKeyCtxHandle context, byte* secret, ref nuint secretLength);

    [LibraryImport(LibraryName)]
    public static partial nint EVP_MD_fetch(nint libraryContext, byte* algorithm, byte* properties);

    [LibraryImport(LibraryName)]
    public static partial EvpMdCtxHandle EVP_MD_CTX_new();

    [LibraryImport(LibraryName)]
    public static partial void EVP_MD_CTX_free(nint context);

    [LibraryImport(LibraryName)]
    public static partial int EVP_DigestSignInit(EvpMdCtxHandle context, nint keyContext, nint digest, nint engine, EvpPKeyHandle key);

    [LibraryImport(LibraryName)]
    public static partial int EVP_DigestSign(EvpMdCtxHandle context, byte* signature, ref nuint signatureLength, byte* data, nuint dataLength);

    [LibraryImport(LibraryName)]
    public static partial int EVP_DigestVerifyInit(EvpMdCtxHandle context, nint keyContext, nint digest, nint engine, EvpPKeyHandle key);

    [LibraryImport(LibraryName)]
    public static partial int EVP_DigestVerify(EvpMdCtxHandle context, byte* signature, nuint signatureLength, byte* data, nuint dataLength);

    /// <summary><c>EVP_CTRL_GCM_GET_TAG</c>.</summary>
    public const int GcmGetTag = 0x10;

    /// <summary><c>EVP_CTRL_GCM_SET_TAG</c>.</summary>
    public const int GcmSetTag = 0x11;

    [LibraryImport(LibraryName)]
    public static partial nint EVP_aes_256_gcm();

    [LibraryImport(LibraryName)]
    public static partial EvpCipherCtxHandle EVP_CIPHER_CTX_new();

    [LibraryImport(LibraryName)]
    public static partial void EVP_CIPHER_CTX_free(nint context);

    [LibraryImport(LibraryName)]
    public static partial int EVP_CipherInit_ex(EvpCipherCtxHandle context, nint cipher, nint engine, byte* key, byte* iv, int encrypt);

    [LibraryImport(LibraryName)]
    public static partial int EVP_CipherUpdate(EvpCipherCtxHandle context, byte* output, out int outputLength, byte* input, int inputLength);

    [LibraryImport(LibraryName)]
    public static partial int EVP_CipherFinal_ex(EvpCipherCtxHandle context, byte* output, out int outputLength);

    [LibraryImport(LibraryName)]
    public static partial int EVP_CIPHER_CTX_ctrl(EvpCipherCtxHandle context, int type, int argument, byte* pointer);
}
