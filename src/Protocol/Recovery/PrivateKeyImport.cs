using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Recovery;

/// <summary>Reads a DER private key out of a decrypted export so that every failure is a typed Parse error.</summary>
internal static class PrivateKeyImport
{
    public static EcKeyPair Import(ICryptoSuite suite, ReadOnlySpan<byte> der)
    {
        try
        {
            return suite.ImportPrivateKey(der);
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or CryptographicException)
        {
            // A damaged curve OID makes the platform throw PlatformNotSupportedException rather than a parse error.
            throw new WickrException(WickrError.Parse, "not a supported DER EC private key", ex);
        }
    }
}
