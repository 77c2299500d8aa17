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
    /// Decrypts the encrypted file at <paramref name="encryptedPath"/> to <paramref name="plaintextPath"/>, releasing no
    /// plaintext that has not been authenticated: a first pass checks the tag (and, when <paramref name="expectedDigest"/>
    /// is given, the plaintext's SHA-256) writing nothing; only then a second pass writes a 0600 scratch file in
    /// <paramref name="scratchFolder"/> (beside the output when null), moved into place when complete. On any failure
    /// nothing is left at <paramref name="plaintextPath"/> nor in the scratch folder.
    /// </summary>
    public static async Task<FileSeal> DecryptFileAsync(
        string encryptedPath, string plaintextPath, CipherKey key, ReadOnlyMemory<byte>? expectedDigest = null,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default, string? scratchFolder = null)
    {
        FileSeal seal;
        await using (var input = OpenRead(encryptedPath))
        {
            seal = await FileCipher.DecryptAsync(input, Stream.Null, key, null, cancellationToken);
        }
        if (expectedDigest is { } expected && !CryptographicOperations.FixedTimeEquals(expected.Span, seal.Digest))
        {
            throw new WickrException(WickrError.Decrypt, "the decrypted file's SHA-256 digest differs from the one in the message");
        }

        var temp = Storage.PrivateFiles.ScratchPath(scratchFolder ?? Path.GetDirectoryName(Path.GetFullPath(plaintextPath)), ".part");
        try
        {
            FileSeal written;
            await using (var input = OpenRead(encryptedPath))
            await using (var output = CreateWrite(temp))
            {
                written = await FileCipher.DecryptAsync(input, output, key, progress, cancellationToken);
            }
            // The same bytes again (the encrypted file is this process's own): a change between the passes is refused.
            if (!CryptographicOperations.FixedTimeEquals(written.Digest, seal.Digest))
            {
                throw new WickrException(WickrError.Decrypt, "the encrypted file changed while it was decrypted");
            }
            File.Move(temp, plaintextPath, overwrite: true);
            return written;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static FileStream OpenRead(string path)
        => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileCipher.BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static FileStream CreateWrite(string path)
        => Storage.PrivateFiles.Create(path, FileMode.Create, FileCipher.BufferSize, FileOptions.Asynchronous);
}
