using Microsoft.Win32.SafeHandles;

namespace Wickr.Cluster.Protocol.Crypto.Native;

/// <summary>An OpenSSL <c>EVP_PKEY_CTX</c>, one per operation; freed with <c>EVP_PKEY_CTX_free</c>.</summary>
internal sealed class EvpPKeyCtxHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpPKeyCtxHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.EVP_PKEY_CTX_free(handle);
        return true;
    }
}
