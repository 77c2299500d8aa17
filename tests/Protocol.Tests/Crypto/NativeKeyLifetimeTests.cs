using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Tests.Crypto;

/// <summary>libcrypto handles belong to the key objects and are released with them.</summary>
public sealed class NativeKeyLifetimeTests
{
    [Fact]
    public void Disposing_a_public_key_frees_its_openssl_key()
    {
        if (Backends.OpenSslOnLinux() is not { } openSsl)
        {
            return;
        }

        using var pair = openSsl.Generate();
        var key = new P521Suite(openSsl).DecodePublicKey(pair.PublicKey.Encoded);
        var handle = key.NativeKey;
        Assert.False(handle.IsClosed);

        key.Dispose();

        Assert.True(handle.IsClosed);
    }

    [Fact]
    public void Disposing_a_key_pair_frees_its_openssl_key_and_refuses_further_use()
    {
        if (Backends.OpenSslOnLinux() is not { } openSsl)
        {
            return;
        }

        var pair = openSsl.Generate();
        var handle = pair.NativeKey;

        pair.Dispose();

        Assert.True(handle.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => pair.NativeKey);
        Assert.Throws<ObjectDisposedException>(() => openSsl.Sign(pair, "data"u8));
    }

    [Fact]
    public void A_key_pair_made_by_one_backend_gets_its_openssl_key_from_the_scalar()
    {
        if (Backends.OpenSslOnLinux() is not { } openSsl)
        {
            return;
        }

        using var managedMade = EcBackend.Managed.Generate();
        var signature = openSsl.Sign(managedMade, "data"u8);

        Assert.True(EcBackend.Managed.Verify(managedMade.PublicKey, "data"u8, signature, System.Security.Cryptography.HashAlgorithmName.SHA512));
    }
}
