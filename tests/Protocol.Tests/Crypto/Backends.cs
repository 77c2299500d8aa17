using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Crypto.Native;

namespace Wickr.Cluster.Protocol.Tests.Crypto;

/// <summary>The P-521 backends under test, by name, for theories that run once per backend.</summary>
internal static class Backends
{
    public const string Managed = "managed";
    public const string OpenSsl = "openssl";

    public static TheoryData<string> Names => [Managed, OpenSsl];

    /// <summary>
    /// The libcrypto backend. On Linux it must be there (the fast path is the point, so its absence fails the test);
    /// elsewhere it must be absent, and the caller then has nothing more to check.
    /// </summary>
    public static EcBackend? OpenSslOnLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Null(EcBackend.OpenSsl);
            return null;
        }

        Assert.True(OpenSslP521.IsAvailable, "libcrypto.so.3 (OpenSSL 3) should load and pass its self-test on Linux");
        return EcBackend.OpenSsl;
    }

    /// <summary>The backend called <paramref name="name"/>, or null where that backend does not exist (see <see cref="OpenSslOnLinux"/>).</summary>
    public static EcBackend? Get(string name) => name == Managed ? EcBackend.Managed : OpenSslOnLinux();
}
