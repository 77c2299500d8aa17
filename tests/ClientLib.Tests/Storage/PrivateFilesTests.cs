using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Wickr.Cluster.ClientLib.Files;
using Wickr.Cluster.ClientLib.Storage;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.ClientLib.Tests.Storage;

/// <summary>
/// What the client leaves on disk: the store 0600 in a 0700 folder, decrypted files 0600, and no plaintext that was not
/// authenticated, not even in a scratch file, with scratch files a killed process left removed when a store opens.
/// </summary>
public sealed class PrivateFilesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wickr-private-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void A_new_store_is_0600_in_a_new_0700_folder()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var home = Path.Combine(_folder, "home");
        PrivateFiles.CreateFolder(home);
        using var klds = CipherKey.Generate();
        using (DeviceStore.Create(Path.Combine(home, "device.db"), klds, Testing.TestPassphrases.Strong, Protocol.Crypto.P521Suite.Instance, StoreKeyWrap.MinimumLog2N))
        {
        }

        Assert.Equal(PrivateFiles.FolderMode, File.GetUnixFileMode(home));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(Path.Combine(home, "device.db")));

        // A store an older build left world-readable is tightened.
        File.SetUnixFileMode(Path.Combine(home, "device.db"), PrivateFiles.FileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        PrivateFiles.Tighten(Path.Combine(home, "device.db"));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(Path.Combine(home, "device.db")));
    }

    [Fact]
    public async Task A_tampered_file_releases_no_plaintext_anywhere_and_a_good_one_is_written_0600()
    {
        var (encrypted, key, plaintext) = await EncryptedAsync();
        var scratch = Path.Combine(_folder, "scratch");
        Directory.CreateDirectory(scratch);
        var output = Path.Combine(_folder, "out.bin");

        // The last byte (in the final tag) flipped: refused by the first pass, before any scratch file exists.
        var bytes = File.ReadAllBytes(encrypted);
        bytes[^1] ^= 1;
        var tampered = Path.Combine(_folder, "tampered.enc");
        File.WriteAllBytes(tampered, bytes);
        var refused = await Assert.ThrowsAsync<WickrException>(() => FileCipherFiles.DecryptFileAsync(tampered, output, key, scratchFolder: scratch));
        Assert.Equal(WickrError.Decrypt, refused.Error);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(scratch));

        // The victim's good file still decrypts, 0600, and the scratch folder is left empty.
        await FileCipherFiles.DecryptFileAsync(encrypted, output, key, scratchFolder: scratch);
        Assert.Equal(plaintext, File.ReadAllBytes(output));
        Assert.Empty(Directory.GetFiles(scratch));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(output));
        }
        key.Dispose();
    }

    [Fact]
    public void Scratch_files_a_killed_process_left_are_removed_and_a_busy_one_is_kept()
    {
        var left = PrivateFiles.ScratchPath(_folder, ".part");
        File.WriteAllText(left, "plaintext of a killed get");
        var busyPath = PrivateFiles.ScratchPath(_folder, ".part");
        using var busy = PrivateFiles.Create(busyPath);
        var other = Path.Combine(_folder, "notes.txt");
        File.WriteAllText(other, "not ours");

        Assert.Equal(1, PrivateFiles.CleanScratch(_folder));
        Assert.False(File.Exists(left));
        Assert.True(File.Exists(busyPath));
        Assert.True(File.Exists(other));
    }

    private async Task<(string Path, CipherKey Key, byte[] Plaintext)> EncryptedAsync()
    {
        var plaintext = RandomNumberGenerator.GetBytes(300_000);
        var source = Path.Combine(_folder, "source.bin");
        await File.WriteAllBytesAsync(source, plaintext);
        var key = CipherKey.Generate();
        var encrypted = Path.Combine(_folder, "file.enc");
        await FileCipherFiles.EncryptFileAsync(source, encrypted, key);
        return (encrypted, key, plaintext);
    }
}
