using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Files;
using Wickr.Cluster.ClientLib.Files;

namespace Wickr.Cluster.ClientLib.Tests.Files;

/// <summary>Encrypting and decrypting files on disk: plaintext released only after the tag and digest verify.</summary>
public sealed class FileCipherFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wickr-file-cipher-").FullName;

    [Fact]
    public async Task A_file_round_trips_and_the_digest_matches()
    {
        var plain = Path.Combine(_dir, "plain.bin");
        var data = RandomNumberGenerator.GetBytes(300_001);
        await File.WriteAllBytesAsync(plain, data);
        using var key = CipherKey.Generate();

        var sealedSeal = await FileCipherFiles.EncryptFileAsync(plain, Path.Combine(_dir, "enc.bin"), key);
        var opened = await FileCipherFiles.DecryptFileAsync(Path.Combine(_dir, "enc.bin"), Path.Combine(_dir, "out.bin"), key, sealedSeal.Digest);

        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(_dir, "out.bin")));
        Assert.Equal(sealedSeal.Digest, opened.Digest);
        Assert.False(File.Exists(Path.Combine(_dir, "enc.bin.temp")));
    }

    [Fact]
    public async Task A_tampered_file_leaves_no_plaintext_behind()
    {
        var plain = Path.Combine(_dir, "plain.bin");
        await File.WriteAllBytesAsync(plain, RandomNumberGenerator.GetBytes(200_000));
        using var key = CipherKey.Generate();
        await FileCipherFiles.EncryptFileAsync(plain, Path.Combine(_dir, "enc.bin"), key);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_dir, "enc.bin"));
        bytes[150_000] ^= 0x80;
        await File.WriteAllBytesAsync(Path.Combine(_dir, "enc.bin"), bytes);

        var error = await Assert.ThrowsAsync<WickrException>(() => FileCipherFiles.DecryptFileAsync(Path.Combine(_dir, "enc.bin"), Path.Combine(_dir, "out.bin"), key));

        Assert.Equal(WickrError.Decrypt, error.Error);
        Assert.False(File.Exists(Path.Combine(_dir, "out.bin")));
        Assert.False(File.Exists(Path.Combine(_dir, "out.bin.temp")));
    }

    [Fact]
    public async Task A_digest_other_than_the_messages_is_refused()
    {
        var plain = Path.Combine(_dir, "plain.bin");
        await File.WriteAllBytesAsync(plain, RandomNumberGenerator.GetBytes(1000));
        using var key = CipherKey.Generate();
        await FileCipherFiles.EncryptFileAsync(plain, Path.Combine(_dir, "enc.bin"), key);

        var error = await Assert.ThrowsAsync<WickrException>(() => FileCipherFiles.DecryptFileAsync(
            Path.Combine(_dir, "enc.bin"), Path.Combine(_dir, "out.bin"), key, new byte[32]));

        Assert.Contains("digest", error.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "out.bin")));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
