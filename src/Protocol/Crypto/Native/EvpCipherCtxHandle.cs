using Microsoft.Win32.SafeHandles;

namespace Wickr.Cluster.Protocol.Crypto.Native;

/// <summary>An OpenSSL <c>EVP_CIPHER_CTX</c> for one streaming cipher run; freed (and cleansed) with <c>EVP_CIPHER_CTX_free</c>.</summary>
internal sealed class EvpCipherCtxHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpCipherCtxHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.EVP_CIPHER_CTX_free(handle);
        return true;
    }
}
