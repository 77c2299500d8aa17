using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Tests.Crypto;

/// <summary>The libcrypto backend and the managed one agree on every result, whichever made the keys.</summary>
public sealed class CrossBackendTests
{
    [Fact]
    public void Both_backends_derive_the_same_secret_from_each_others_keys()
    {
        if (Backends.OpenSslOnLinux() is not { } openSsl)
        {
            return;
        }

        using var managedKey = EcBackend.Managed.Generate();
        using var nativeKey = openSsl.Generate();

        var managedToNative = EcBackend.Managed.Agree(managedKey, nativeKey.PublicKey);
        var nativeToManaged = openSsl.Agree(nativeKey, managedKey.PublicKey);
        var nativeFromManagedKey = openSsl.Agree(managedKey, nativeKey.PublicKey);
        var managedFromNativeKey = EcBackend.Managed.Agree(nativeKey, managedKey.PublicKey);

        Assert.Equal(EcPublicKey.CoordinateSize, managedToNative.Length);
        Assert.Equal(managedToNative, nativeToManaged);
        Assert.Equal(managedToNative, nativeFromManagedKey);
        Assert.Equal(managedToNative, managedFromNativeKey);
    }

    [Fact]
    public void Signatures_verify_across_backends_and_fail_on_other_data()
    {
        if (Backends.OpenSslOnLinux() is not { } openSsl)
        {
            return;
        }

        var managed = new P521Suite(EcBackend.Managed);
        var native = new P521Suite(openSsl);
        using var managedKey = managed.GenerateKeyPair();
        using var nativeKey = native.GenerateKeyPair();
        var data = RandomNumberGenerator.GetBytes(500);
        var other = (byte[])data.Clone();
        other[0] ^= 1;

        foreach (var (signer, key) in new[] { (managed, managedKey), (native, nativeKey), (managed, nativeKey), (native, managedKey) })
        {
            var signature = signer.Sign(key, data);
            Assert.Equal(EcdsaSignature.EncodedSize, signature.Length);
            Assert.True(managed.Verify(key.PublicKey, data, signature));
            Assert.True(native.Verify(key.PublicKey, data, signature));
            Assert.False(managed.Verify(key.PublicKey, other, signature));
            Assert.False(native.Verify(key.PublicKey, other, signature));
        }
    }

    [Fact]
    public void A_malformed_signature_body_does_not_verify_and_leaves_openssl_usable()
    {
        if (Backends.OpenSslOnLinux() is not { } openSsl)
        {
            return;
        }

        var native = new P521Suite(openSsl);
        using var key = native.GenerateKeyPair();
        var signature = native.Sign(key, "message"u8);
        var broken = (byte[])signature.Clone();
        broken[2 + broken[1]] = 0x31; // the DER SEQUENCE tag becomes a SET

        Assert.False(native.Verify(key.PublicKey, "message"u8, broken));
        Assert.False(new P521Suite(EcBackend.Managed).Verify(key.PublicKey, "message"u8, broken));

        // OpenSSL's error queue was left clean: .NET's own OpenSSL calls on this thread still work.
        Assert.True(new P521Suite(EcBackend.Managed).Verify(key.PublicKey, "message"u8, signature));
        Assert.True(native.Verify(key.PublicKey, "message"u8, signature));
    }

    [Fact]
    public void A_natively_generated_key_exports_to_der_and_imports_back_to_the_same_key()
    {
        if (Backends.OpenSslOnLinux() is not { } openSsl)
        {
            return;
        }

        using var peer = openSsl.Generate();
        using var key = openSsl.Generate();
        var der = key.ExportDer();
        using var imported = EcKeyPair.ImportDer(der);
        CryptographicOperations.ZeroMemory(der);

        Assert.True(key.PublicKey.Equals(imported.PublicKey));
        Assert.Equal(openSsl.Agree(key, peer.PublicKey), openSsl.Agree(imported, peer.PublicKey));
        Assert.Equal(openSsl.Agree(key, peer.PublicKey), EcBackend.Managed.Agree(imported, peer.PublicKey));
    }
}
