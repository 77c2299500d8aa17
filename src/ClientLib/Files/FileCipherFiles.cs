using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Files;

namespace Wickr.Cluster.ClientLib.Files;

/// <summary>The protocol's <see cref="FileCipher"/> applied to files on disk, each written through a temporary file.</summary>
public static class FileCipherFiles
{
    /// <summary>
    /// Encrypts the file at <paramref name="plaintextPath"/> to <paramref name="encryptedPath"/>, through a
    /// <c>.temp</c> file renamed into place when complete (as the reference does).
    /// </summary>
    public static async Task<FileSeal> EncryptFileAsync(string plaintextPath, string encryptedPath, CipherKey key, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var temp = encryptedPath + ".temp";
        try
        {
            FileSeal seal;
            await using (var input = OpenRead(plaintextPath))
            await using (var output = CreateWrite(temp))
            {
                seal = await FileCipher.EncryptAsync(input, output, key, progress, cancellationToken);
            }
            File.Move(temp, encryptedPath, overwrite: true);
            return seal;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Decrypts the encrypted file at <paramref name="encryptedPath"/> into a temporary file and moves it to
    /// <paramref name="plaintextPath"/> only after the tag verifies and, when <paramref name="expectedDigest"/> is
    /// given, the plaintext's SHA-256 matches it. On any failure nothing is left at <paramref name="plaintextPath"/>.
    /// </summary>
    public static async Task<FileSeal> DecryptFileAsync(
        string encryptedPath, string plaintextPath, CipherKey key, ReadOnlyMemory<byte>? expectedDigest = null,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var temp = plaintextPath + ".temp";
        try
        {
            FileSeal seal;
            await using (var input = OpenRead(encryptedPath))
            await using (var output = CreateWrite(temp))
            {
                seal = await FileCipher.DecryptAsync(input, output, key, progress, cancellationToken);
            }
            if (expectedDigest is { } expected && !CryptographicOperations.FixedTimeEquals(expected.Span, seal.Digest))
            {
                throw new WickrException(WickrError.Decrypt, "the decrypted file's SHA-256 digest differs from the one in the message");
            }
            File.Move(temp, plaintextPath, overwrite: true);
            return seal;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static FileStream OpenRead(string path)
        => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileCipher.BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static FileStream CreateWrite(string path)
        => new(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, FileCipher.BufferSize, FileOptions.Asynchronous);
}
