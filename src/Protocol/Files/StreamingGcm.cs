using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Crypto.Native;

namespace Wickr.Cluster.Protocol.Files;

/// <summary>
/// AES-256-GCM over a stream, one piece at a time, with the tag handled apart from the data (the reference keeps it
/// in the header). OpenSSL's EVP path when libcrypto 3 is present (AES-NI and carry-less multiply: GB/s), otherwise
/// BouncyCastle's GcmBlockCipher. Both keep constant state whatever the length.
/// </summary>
internal abstract class StreamingGcm : IDisposable
{
    public const int TagSize = SymmetricCipher.GcmTagSize;

    /// <summary>A cipher for one run under <paramref name="key"/> and <paramref name="iv"/>.</summary>
    public static StreamingGcm Create(bool encrypt, CipherKey key, ReadOnlySpan<byte> iv, bool preferNative = true)
        => preferNative && OpenSslP521.IsAvailable ? new OpenSsl(encrypt, key, iv) : new Managed(encrypt, key, iv);

    /// <summary>Processes <paramref name="input"/> into <paramref name="output"/> (at least as long); returns the bytes written.</summary>
    public abstract int Update(ReadOnlySpan<byte> input, Span<byte> output);

    /// <summary>Ends an encryption: writes any rest into <paramref name="output"/> and the tag into <paramref name="tag"/>; returns the rest's length.</summary>
    public abstract int FinishEncrypt(Span<byte> output, Span<byte> tag);

    /// <summary>Ends a decryption against <paramref name="tag"/>: returns the rest's length, or -1 when the tag does not verify.</summary>
    public abstract int FinishDecrypt(ReadOnlySpan<byte> tag, Span<byte> output);

    public abstract void Dispose();

    private sealed unsafe class OpenSsl : StreamingGcm
    {
        private readonly EvpCipherCtxHandle _context;

        public OpenSsl(bool encrypt, CipherKey key, ReadOnlySpan<byte> iv)
        {
            _context = LibCrypto.EVP_CIPHER_CTX_new();
            if (_context.IsInvalid)
            {
                throw new WickrException(WickrError.InvalidState, "OpenSSL could not allocate a cipher context");
            }
            fixed (byte* k = key.Key)
            fixed (byte* n = iv)
            {
                // GCM's default IV length is 12 bytes, the file format's.
                if (LibCrypto.EVP_CipherInit_ex(_context, LibCrypto.EVP_aes_256_gcm(), 0, k, n, encrypt ? 1 : 0) != 1)
                {
                    _context.Dispose();
                    throw new WickrException(WickrError.InvalidState, "OpenSSL refused to start AES-256-GCM");
                }
            }
        }

        public override int Update(ReadOnlySpan<byte> input, Span<byte> output)
        {
            if (input.IsEmpty)
            {
                return 0;
            }
            fixed (byte* i = input)
            fixed (byte* o = output)
            {
                return LibCrypto.EVP_CipherUpdate(_context, o, out var written, i, input.Length) == 1
                    ? written
                    : throw new WickrException(WickrError.InvalidState, "OpenSSL AES-256-GCM update failed");
            }
        }

        public override int FinishEncrypt(Span<byte> output, Span<byte> tag)
        {
            fixed (byte* o = output)
            fixed (byte* t = tag)
            {
                if (LibCrypto.EVP_CipherFinal_ex(_context, o, out var written) != 1
                    || LibCrypto.EVP_CIPHER_CTX_ctrl(_context, LibCrypto.GcmGetTag, TagSize, t) != 1)
                {
                    throw new WickrException(WickrError.InvalidState, "OpenSSL AES-256-GCM final failed");
                }
                return written;
            }
        }

        public override int FinishDecrypt(ReadOnlySpan<byte> tag, Span<byte> output)
        {
            var copy = tag.ToArray();
            fixed (byte* t = copy)
            fixed (byte* o = output)
            {
                if (LibCrypto.EVP_CIPHER_CTX_ctrl(_context, LibCrypto.GcmSetTag, TagSize, t) != 1)
                {
                    throw new WickrException(WickrError.InvalidState, "OpenSSL refused the GCM tag");
                }
                if (LibCrypto.EVP_CipherFinal_ex(_context, o, out var written) != 1)
                {
                    LibCrypto.ERR_clear_error();
                    return -1;
                }
                return written;
            }
        }

        public override void Dispose() => _context.Dispose();
    }

    private sealed class Managed : StreamingGcm
    {
        private readonly GcmBlockCipher _gcm = new(AesUtilities.CreateEngine());

        public Managed(bool encrypt, CipherKey key, ReadOnlySpan<byte> iv)
            => _gcm.Init(encrypt, new AeadParameters(new KeyParameter(key.Key), TagSize * 8, iv.ToArray()));

        public override int Update(ReadOnlySpan<byte> input, Span<byte> output) => _gcm.ProcessBytes(input, output);

        public override int FinishEncrypt(Span<byte> output, Span<byte> tag)
        {
            // BouncyCastle appends the tag to the last output.
            var last = new byte[_gcm.GetOutputSize(0)];
            var written = _gcm.DoFinal(last, 0) - TagSize;
            last.AsSpan(0, written).CopyTo(output);
            last.AsSpan(written, TagSize).CopyTo(tag);
            Array.Clear(last);
            return written;
        }

        public override int FinishDecrypt(ReadOnlySpan<byte> tag, Span<byte> output)
        {
            // BouncyCastle expects the tag after the ciphertext, and holds back the last tag-length bytes until then.
            var produced = _gcm.ProcessBytes(tag, output);
            try
            {
                return produced + _gcm.DoFinal(output[produced..]);
            }
            catch (InvalidCipherTextException)
            {
                return -1;
            }
        }

        public override void Dispose()
        {
            _gcm.Reset();
        }
    }
}
