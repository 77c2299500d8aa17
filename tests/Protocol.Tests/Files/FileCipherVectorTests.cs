using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Files;
using Wickr.Cluster.Protocol.Tests.Interop;

namespace Wickr.Cluster.Protocol.Tests.Files;

/// <summary>The reference's encrypted files decrypt here, refuse every change, and ours have the same layout.</summary>
public sealed class FileCipherVectorTests
{
    /// <summary>Every vector on both cipher paths: OpenSSL's EVP (native) and BouncyCastle's (managed).</summary>
    public static TheoryData<string, bool> NamesOnBothPaths
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (var file in FileVectors.Files)
            {
                data.Add(file.Str("name"), true);
                data.Add(file.Str("name"), false);
            }
            return data;
        }
    }

    [Fact]
    public void The_vectors_cover_empty_block_edges_and_large_files()
    {
        var sizes = FileVectors.Files.Select(f => f.Hex("plaintext").Length).ToList();
        Assert.Contains(0, sizes);
        Assert.Contains(4096, sizes);
        Assert.Contains(4097, sizes);
        Assert.True(sizes.Max() >= 65536);
    }

    [Theory]
    [MemberData(nameof(NamesOnBothPaths))]
    public async Task Every_vector_decrypts_to_its_plaintext(string name, bool native)
    {
        var vector = FileVectors.Named(name);
        using var key = CipherKey.Decode(vector.Hex("key"));
        var output = new MemoryStream();

        var seal = await FileCipher.DecryptAsync(new MemoryStream(vector.Hex("ciphertext")), output, key, null, native, default);

        Assert.Equal(vector.Hex("plaintext"), output.ToArray());
        Assert.Equal(SHA256.HashData(vector.Hex("plaintext")), seal.Digest);
        Assert.Equal(vector.Hex("plaintext").Length, seal.Length);
    }

    [Theory]
    [MemberData(nameof(NamesOnBothPaths))]
    public async Task Our_encryption_with_the_vectors_key_and_iv_is_byte_identical(string name, bool native)
    {
        var vector = FileVectors.Named(name);
        var expected = vector.Hex("ciphertext");
        using var key = CipherKey.Decode(vector.Hex("key"));
        var output = new MemoryStream();

        await FileCipher.EncryptAsync(new MemoryStream(vector.Hex("plaintext")), output, key, expected[1..13], null, native, default);

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(output.ToArray()));
    }

    [Theory]
    [MemberData(nameof(NamesOnBothPaths))]
    public async Task Any_changed_byte_is_refused(string name, bool native)
    {
        var vector = FileVectors.Named(name);
        var ciphertext = vector.Hex("ciphertext");
        using var key = CipherKey.Decode(vector.Hex("key"));

        // Every byte of the header and up to 64 spread over the body; each flip alone must fail.
        var positions = Enumerable.Range(0, FileCipher.HeaderSize)
            .Concat(Enumerable.Range(0, 64).Select(i => FileCipher.HeaderSize + (int)((long)i * (ciphertext.Length - FileCipher.HeaderSize) / 64)))
            .Where(p => p < ciphertext.Length).Distinct();
        foreach (var position in positions)
        {
            var changed = (byte[])ciphertext.Clone();
            changed[position] ^= 0x01;
            var error = await Assert.ThrowsAsync<WickrException>(() => FileCipher.DecryptAsync(new MemoryStream(changed), new MemoryStream(), key, null, native, default));
            Assert.Contains(error.Error, new[] { WickrError.Decrypt, WickrError.Parse });
        }
    }

    [Theory]
    [MemberData(nameof(NamesOnBothPaths))]
    public async Task A_dropped_or_added_byte_is_refused(string name, bool native)
    {
        var vector = FileVectors.Named(name);
        var ciphertext = vector.Hex("ciphertext");
        using var key = CipherKey.Decode(vector.Hex("key"));

        var dropped = ciphertext[..^1];
        var added = ciphertext.Append((byte)0).ToArray();
        var inserted = ciphertext[..FileCipher.HeaderSize].Append((byte)0x5a).Concat(ciphertext[FileCipher.HeaderSize..]).ToArray();

        foreach (var bad in new[] { dropped, added, inserted })
        {
            var error = await Assert.ThrowsAsync<WickrException>(() => FileCipher.DecryptAsync(new MemoryStream(bad), new MemoryStream(), key, null, native, default));
            Assert.Contains(error.Error, new[] { WickrError.Decrypt, WickrError.Parse });
        }
    }

    [Fact]
    public async Task Our_files_have_the_reference_layout_and_decrypt_on_the_vectors_path()
    {
        var plaintext = RandomNumberGenerator.GetBytes(100_003);
        using var key = CipherKey.Generate();
        var encrypted = new MemoryStream();

        var seal = await FileCipher.EncryptAsync(new MemoryStream(plaintext), encrypted, key);

        var bytes = encrypted.ToArray();
        Assert.Equal(FileCipher.EncryptedSize(plaintext.Length), bytes.Length);
        Assert.Equal(0, bytes[0]);
        // The tag sits in the header, and it is the GCM tag of the whole cipher result (one-shot AesGcm agrees).
        var ciphertext = bytes[FileCipher.HeaderSize..];
        var opened = new byte[ciphertext.Length];
        using (var gcm = new AesGcm(key.Key, 16))
        {
            gcm.Decrypt(bytes.AsSpan(1, 12), ciphertext, bytes.AsSpan(13, 16), opened);
        }
        Assert.Equal(plaintext, opened);

        var output = new MemoryStream();
        await FileCipher.DecryptAsync(new MemoryStream(bytes), output, key);
        Assert.Equal(plaintext, output.ToArray());
        Assert.Equal(SHA256.HashData(plaintext), seal.Digest);
    }

    [Fact]
    public void The_native_path_is_available_on_this_machine() => Assert.True(Wickr.Cluster.Protocol.Crypto.Native.OpenSslP521.IsAvailable, "libcrypto.so.3 is expected here; without it only the managed path would be tested");

    [Fact]
    public async Task A_wrong_key_is_refused()
    {
        var vector = FileVectors.Named("file-4097");
        using var wrong = CipherKey.Generate();
        await Assert.ThrowsAsync<WickrException>(() => FileCipher.DecryptAsync(new MemoryStream(vector.Hex("ciphertext")), new MemoryStream(), wrong));
    }
}
