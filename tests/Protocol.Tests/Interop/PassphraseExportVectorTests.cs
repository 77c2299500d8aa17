using System.Text.Json;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Recovery;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.Protocol.Tests.Interop;

/// <summary>
/// Every passphrase export of the reference: the blob opens with the passphrase to exactly the plaintext (root_keys:
/// the recovery key is opened first, then the bundle under it), the typed result encodes back byte for byte, and a
/// wrong passphrase fails as WrongPassphrase without a result.
/// </summary>
public sealed class PassphraseExportVectorTests
{
    private static readonly P521Suite Suite = P521Suite.Instance;

    public static TheoryData<string> Cases() => [.. Entries().Select(e => e.Name)];

    private static IEnumerable<(string Name, JsonElement Entry)> Entries() => InteropVectors.Section("passphrase_exports")
        .Select((e, i) => ($"{i:00}-{e.Str("kind")}", e));

    private static JsonElement Case(string name) => Entries().Single(e => e.Name == name).Entry;

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    [Trait("Category", "Slow")]
    [Theory]
    [MemberData(nameof(Cases))]
    public void Opens_to_exactly_the_plaintext(string name)
    {
        var entry = Case(name);
        var blob = entry.Hex("blob");
        var passphrase = entry.Str("passphrase");
        var plaintext = entry.Str("plaintext");
        switch (entry.Str("kind"))
        {
            case "recovery_key":
                using (var key = PassphraseExports.OpenRecoveryKey(Suite, blob, passphrase))
                {
                    Assert.True(Hex(key.Encode()) == plaintext, $"{name}: recovery key differs");
                }

                break;
            case "storage_keys":
                using (var keys = PassphraseExports.OpenStorageKeys(Suite, blob, passphrase))
                {
                    Assert.True(Hex(keys.Encode()) == plaintext, $"{name}: storage keys differ");
                }

                break;
            case "root_keys":
                var backup = new RecoveryBackup(blob, entry.Hex("exported_recovery_key"));
                using (var recoveryKey = backup.OpenRecoveryKey(Suite, passphrase))
                {
                    Assert.True(Hex(recoveryKey.Encode()) == entry.Str("recovery_key"), $"{name}: recovery key differs");
                    using var rootKeys = backup.Open(Suite, recoveryKey);
                    Assert.True(Hex(rootKeys.Encode()) == plaintext, $"{name}: root keys differ");
                }

                break;
            case "ctx":
                using (var context = PassphraseExports.OpenContext(Suite, blob, passphrase))
                {
                    context.Chain.Validate(Suite);
                    Assert.True(Hex(context.Encode()) == plaintext, $"{name}: context does not encode back to the plaintext");
                }

                break;
            case var kind:
                Assert.Fail($"{name}: unknown kind {kind}");
                break;
        }
    }

    [Trait("Category", "Slow")]
    [Theory]
    [MemberData(nameof(Cases))]
    public void Wrong_passphrase_fails_cleanly(string name)
    {
        var entry = Case(name);
        var wrong = entry.Str("passphrase") + " ";
        var kind = entry.Str("kind");
        var sealedBlob = kind == "root_keys" ? entry.Hex("exported_recovery_key") : entry.Hex("blob");
        object? result = null;
        var ex = Assert.Throws<WickrException>(() => result = kind switch
        {
            "recovery_key" or "root_keys" => PassphraseExports.OpenRecoveryKey(Suite, sealedBlob, wrong),
            "storage_keys" => PassphraseExports.OpenStorageKeys(Suite, sealedBlob, wrong),
            "ctx" => PassphraseExports.OpenContext(Suite, sealedBlob, wrong),
            _ => throw new InvalidOperationException($"{name}: unknown kind {kind}"),
        });
        Assert.True(ex.Error == WickrError.WrongPassphrase, $"{name}: {ex.Error} instead of WrongPassphrase");
        Assert.Null(result);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plaintext_decodes_and_encodes_back_identically(string name)
    {
        var entry = Case(name);
        var plaintext = entry.Hex("plaintext");
        string encodedAgain;
        switch (entry.Str("kind"))
        {
            case "recovery_key":
                using (var key = CipherKey.Decode(plaintext))
                {
                    Assert.True(key.Cipher == CipherId.Aes256Gcm, $"{name}: the recovery key is a GCM key");
                    encodedAgain = Hex(key.Encode());
                }

                break;
            case "storage_keys":
                using (var keys = StorageKeys.Decode(plaintext))
                {
                    encodedAgain = Hex(keys.Encode());
                }

                break;
            case "root_keys":
                using (var rootKeys = RootKeys.Decode(Suite, plaintext))
                {
                    encodedAgain = Hex(rootKeys.Encode());
                }

                break;
            default:
                using (var context = DeviceContext.Decode(Suite, plaintext))
                {
                    encodedAgain = Hex(context.Encode());
                }

                break;
        }

        Assert.True(encodedAgain == Hex(plaintext), $"{name}: re-encoding differs");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Blob_framing_is_the_reference_one(string name)
    {
        var entry = Case(name);
        var blob = entry.Hex("blob");
        var plaintextLength = entry.Hex("plaintext").Length;
        if (entry.Str("kind") == "root_keys")
        {
            // The bundle is a bare GCM cipher result under the recovery key, not passphrase-sealed.
            Assert.True(blob.Length == SymmetricCipher.ResultSize(CipherId.Aes256Gcm, plaintextLength), $"{name}: bundle size");
            Assert.True(blob[0] == (byte)CipherId.Aes256Gcm, $"{name}: bundle cipher id");
            blob = entry.Hex("exported_recovery_key");
            plaintextLength = CipherKey.EncodedSize;
        }

        Assert.True(blob[0] == (byte)PassphraseKdf.Scrypt17, $"{name}: kdf id {blob[0]}");
        Assert.True(blob.Length == 1 + PassphraseSeal.SaltSize + SymmetricCipher.ResultSize(CipherId.Aes256Gcm, plaintextLength), $"{name}: blob size");
    }

    /// <summary>The reference made each passphrase's exports from one user and device; their parts agree.</summary>
    [Fact]
    public void Exports_of_one_passphrase_describe_the_same_user_and_device()
    {
        var fingerprints = InteropVectors.Section("fingerprints")
            .Where(f => f.TryGetProperty("identifier", out _))
            .ToDictionary(f => f.Str("identifier"), f => f.Str("fingerprint"));
        var contexts = 0;
        foreach (var group in Entries().GroupBy(e => e.Entry.Str("passphrase")))
        {
            var byKind = group.ToDictionary(e => e.Entry.Str("kind"), e => e.Entry);
            if (!byKind.TryGetValue("ctx", out var ctxEntry))
            {
                continue;
            }

            contexts++;
            using var context = DeviceContext.Decode(Suite, ctxEntry.Hex("plaintext"));
            Assert.Equal(byKind["storage_keys"].Str("plaintext"), Hex(context.StorageKeys.Encode()));

            var rootId = Hex(context.Chain.Root.Identifier);
            Assert.True(fingerprints.ContainsKey(rootId), $"{group.Key}: the context's root has a fingerprint vector");
            Assert.Equal(fingerprints[rootId], Hex(Fingerprint.Of(context.Chain.Root).Value));
            if (fingerprints.TryGetValue(Hex(context.Chain.Node.Identifier), out var nodeFingerprint))
            {
                Assert.Equal(nodeFingerprint, Hex(Fingerprint.Of(context.Chain.Node).Value));
            }

            if (byKind.TryGetValue("root_keys", out var rootKeysEntry))
            {
                using var rootKeys = RootKeys.Decode(Suite, rootKeysEntry.Hex("plaintext"));
                Assert.True(rootKeys.NodeSignatureRoot.PublicKey.Equals(context.Chain.Root.PublicKey), $"{group.Key}: Kr is the context's root");
                Assert.Equal(Hex(rootKeys.RemoteStorageRoot.Key), Hex(context.StorageKeys.Remote.Key));
            }
        }

        Assert.True(contexts > 0, "the vectors hold ctx exports");
    }
}
