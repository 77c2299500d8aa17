using Microsoft.Win32.SafeHandles;

namespace Wickr.Cluster.Protocol.Crypto.Native;

/// <summary>An OpenSSL <c>EVP_PKEY</c> (a parsed P-521 public key or key pair); freed with <c>EVP_PKEY_free</c>.</summary>
internal sealed class EvpPKeyHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpPKeyHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.EVP_PKEY_free(handle);
        return true;
    }
}
