using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Files;

/// <summary>
/// The reference's file cipher (wire-format "Encrypted file"): one AES-256-GCM cipher result over the whole file,
/// <c>0x00 ‖ IV(12) ‖ tag(16) ‖ ciphertext</c>, no AAD, under a fresh key. Both directions stream through a fixed
/// buffer (the streaming GCM keeps only a tag's worth of state), so memory does not grow with the file. A SHA-256
/// digest of the plaintext is computed on the way, to travel in the message payload. The cipher is OpenSSL's EVP
/// AES-256-GCM when libcrypto 3 is present, BouncyCastle's streaming GCM otherwise (<see cref="StreamingGcm"/>).
/// </summary>
public static class FileCipher
{
    /// <summary>The header before the ciphertext: cipher id, IV and tag.</summary>
    public const int HeaderSize = 1 + SymmetricCipher.GcmIvSize + SymmetricCipher.GcmTagSize;

    /// <summary>The size of the plaintext digest (SHA-256).</summary>
    public const int DigestSize = 32;

    /// <summary>The buffer the cipher streams through: large enough to amortise per-call overhead, small enough to be a constant.</summary>
    public const int BufferSize = 64 * 1024;

    /// <summary>The size of the encrypted file for a plaintext of <paramref name="plaintextLength"/> bytes.</summary>
    public static long EncryptedSize(long plaintextLength) => HeaderSize + plaintextLength;

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> into <paramref name="output"/> (which must be seekable: the tag is filled
    /// in at the end, as the reference does) under <paramref name="key"/> with a fresh random IV.
    /// </summary>
    /// <returns>The plaintext's length and SHA-256 digest.</returns>
    public static Task<FileSeal> EncryptAsync(Stream plaintext, Stream output, CipherKey key, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var iv = new byte[SymmetricCipher.GcmIvSize];
        RandomNumberGenerator.Fill(iv);
        return EncryptAsync(plaintext, output, key, iv, progress, native: true, cancellationToken);
    }

    /// <summary>Encrypts with a given IV; only for reproducing the reference's vectors.</summary>
    internal static async Task<FileSeal> EncryptAsync(
        Stream plaintext, Stream output, CipherKey key, byte[] iv, IProgress<long>? progress, bool native, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(key);
        RequireGcm(key);
        if (!output.CanSeek)
        {
            throw new WickrException(WickrError.InvalidArgument, "the encrypted file's output must be seekable (the tag is written last)");
        }

        var start = output.Position;
        var header = new byte[HeaderSize];
        header[0] = (byte)CipherId.Aes256Gcm;
        iv.CopyTo(header, 1);
        await output.WriteAsync(header, cancellationToken);

        using var gcm = StreamingGcm.Create(encrypt: true, key, iv, native);
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var input = new byte[BufferSize];
        var sealedBytes = new byte[BufferSize + SymmetricCipher.GcmTagSize];
        long length = 0;
        try
        {
            int read;
            while ((read = await plaintext.ReadAsync(input, cancellationToken)) > 0)
            {
                digest.AppendData(input, 0, read);
                var produced = gcm.Update(input.AsSpan(0, read), sealedBytes);
                await output.WriteAsync(sealedBytes.AsMemory(0, produced), cancellationToken);
                length += read;
                progress?.Report(length);
            }

            // The rest of the ciphertext, then the tag into the header's zeros.
            var tag = new byte[SymmetricCipher.GcmTagSize];
            var rest = gcm.FinishEncrypt(sealedBytes, tag);
            await output.WriteAsync(sealedBytes.AsMemory(0, rest), cancellationToken);
            var end = output.Position;
            output.Position = start + 1 + SymmetricCipher.GcmIvSize;
            await output.WriteAsync(tag, cancellationToken);
            output.Position = end;
            await output.FlushAsync(cancellationToken);
            return new FileSeal(length, digest.GetHashAndReset());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            CryptographicOperations.ZeroMemory(sealedBytes);
        }
    }

    /// <summary>
    /// Decrypts the encrypted file <paramref name="encrypted"/> into <paramref name="output"/>. The output is only
    /// trustworthy when this returns: a changed, dropped or added byte fails the tag check at the end and throws
    /// <see cref="WickrException"/> (<see cref="WickrError.Decrypt"/>), and the caller must then discard what was
    /// written (the client's file transfer does this with a temporary file).
    /// </summary>
    /// <returns>The plaintext's length and SHA-256 digest.</returns>
    public static Task<FileSeal> DecryptAsync(Stream encrypted, Stream output, CipherKey key, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        => DecryptAsync(encrypted, output, key, progress, native: true, cancellationToken);

    /// <summary>Decrypts with the OpenSSL path (<paramref name="native"/>, when available) or the managed one.</summary>
    internal static async Task<FileSeal> DecryptAsync(Stream encrypted, Stream output, CipherKey key, IProgress<long>? progress, bool native, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(key);
        RequireGcm(key);

        var header = new byte[HeaderSize];
        var headerRead = await encrypted.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken);
        if (headerRead < HeaderSize)
        {
            throw new WickrException(WickrError.Parse, $"an encrypted file starts with a {HeaderSize}-byte header; this one has {headerRead} bytes");
        }
        if (header[0] != (byte)CipherId.Aes256Gcm)
        {
            throw new WickrException(WickrError.Parse, $"an encrypted file uses cipher id {(byte)CipherId.Aes256Gcm} (AES-256-GCM), not {header[0]}");
        }

        using var gcm = StreamingGcm.Create(encrypt: false, key, header.AsSpan(1, SymmetricCipher.GcmIvSize), native);
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var input = new byte[BufferSize];
        var opened = new byte[BufferSize + SymmetricCipher.GcmTagSize];
        long length = 0;
        try
        {
            int read;
            while ((read = await encrypted.ReadAsync(input, cancellationToken)) > 0)
            {
                var produced = gcm.Update(input.AsSpan(0, read), opened);
                await Emit(produced);
            }

            // The reference keeps the tag in the header; it is checked only now, at the end.
            var final = gcm.FinishDecrypt(header.AsSpan(1 + SymmetricCipher.GcmIvSize, SymmetricCipher.GcmTagSize), opened);
            if (final < 0)
            {
                throw new WickrException(WickrError.Decrypt, "the encrypted file does not verify (its tag does not match): it was changed, truncated or reordered, or the key is wrong");
            }
            await Emit(final);
            await output.FlushAsync(cancellationToken);
            return new FileSeal(length, digest.GetHashAndReset());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            CryptographicOperations.ZeroMemory(opened);
        }

        async ValueTask Emit(int count)
        {
            if (count == 0)
            {
                return;
            }
            digest.AppendData(opened, 0, count);
            await output.WriteAsync(opened.AsMemory(0, count), cancellationToken);
            length += count;
            progress?.Report(length);
        }
    }

    private static void RequireGcm(CipherKey key)
    {
        if (key.Cipher != CipherId.Aes256Gcm)
        {
            throw new WickrException(WickrError.InvalidArgument, "the file cipher uses AES-256-GCM keys only");
        }
    }
}
