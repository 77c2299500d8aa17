using Microsoft.Win32.SafeHandles;

namespace Wickr.Cluster.Protocol.Crypto.Native;

/// <summary>An OpenSSL <c>EVP_MD_CTX</c> for one sign or verify; freed with <c>EVP_MD_CTX_free</c>.</summary>
internal sealed class EvpMdCtxHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpMdCtxHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.EVP_MD_CTX_free(handle);
        return true;
    }
}
