using System.Security.Cryptography;
using System.Text;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Encoding;

namespace Wickr.Cluster.Protocol.Files;

/// <summary>
/// The body of a file message (content type <see cref="ContentType"/>): everything a recipient needs to fetch and
/// open the encrypted file — the paper's "shared secrets used to protect other materials". It travels only inside
/// the encrypted packet; the server sees the blob and a hash of the read token, never this.
/// Encoding (protobuf): <c>1 blob_id string; 2 key bytes (cipher key, 0x00 ‖ 32 bytes); 3 digest bytes (SHA-256 of
/// the plaintext); 4 name string (UTF-8); 5 size uint64 (plaintext bytes); 6 read_token bytes (32)</c>.
/// </summary>
public sealed class FileDescriptor : IDisposable
{
    /// <summary>The payload content type of a file message.</summary>
    public const ushort ContentType = 0x4649;

    /// <summary>The size of the random read token.</summary>
    public const int ReadTokenSize = 32;

    /// <summary>The longest file name carried, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 255;

    private readonly byte[] _key;
    private readonly byte[] _readToken;

    /// <summary>A descriptor; copies the key and token (zeroed on <see cref="Dispose"/>).</summary>
    public FileDescriptor(string blobId, ReadOnlySpan<byte> encodedKey, ReadOnlySpan<byte> digest, string name, long size, ReadOnlySpan<byte> readToken)
    {
        if (!BlobIds.IsValid(blobId))
        {
            throw new WickrException(WickrError.Parse, "a file message's blob id is not 32 lowercase hex characters");
        }
        if (encodedKey.Length != CipherKey.EncodedSize || encodedKey[0] != (byte)CipherId.Aes256Gcm)
        {
            throw new WickrException(WickrError.Parse, $"a file message's key is a {CipherKey.EncodedSize}-byte AES-256-GCM cipher key");
        }
        if (digest.Length != FileCipher.DigestSize)
        {
            throw new WickrException(WickrError.Parse, $"a file message's digest has {FileCipher.DigestSize} bytes, not {digest.Length}");
        }
        if (readToken.Length != ReadTokenSize)
        {
            throw new WickrException(WickrError.Parse, $"a file message's read token has {ReadTokenSize} bytes, not {readToken.Length}");
        }
        if (size < 0)
        {
            throw new WickrException(WickrError.Parse, "a file message's size is negative");
        }
        Name = SafeName(name);
        BlobId = blobId;
        Digest = digest.ToArray();
        Size = size;
        _key = encodedKey.ToArray();
        _readToken = readToken.ToArray();
    }

    /// <summary>The server's id of the encrypted blob (32 lowercase hex characters).</summary>
    public string BlobId { get; }

    /// <summary>SHA-256 of the plaintext.</summary>
    public byte[] Digest { get; }

    /// <summary>The file's name as the sender gave it, reduced to a bare file name (no directories).</summary>
    public string Name { get; }

    /// <summary>The plaintext's size in bytes.</summary>
    public long Size { get; }

    /// <summary>The size of the encrypted blob on the server.</summary>
    public long EncryptedSize => FileCipher.EncryptedSize(Size);

    /// <summary>The serialized cipher key of the file.</summary>
    internal ReadOnlySpan<byte> EncodedKey => _key;

    /// <summary>The capability to download the blob.</summary>
    internal ReadOnlySpan<byte> ReadToken => _readToken;

    /// <summary>The file's key (the caller disposes it).</summary>
    internal CipherKey Key() => CipherKey.Decode(_key);

    /// <summary>Writes the descriptor as a message body.</summary>
    public byte[] Encode() => new ProtoWriter()
        .WriteBytes(1, System.Text.Encoding.ASCII.GetBytes(BlobId))
        .WriteBytes(2, _key)
        .WriteBytes(3, Digest)
        .WriteBytes(4, System.Text.Encoding.UTF8.GetBytes(Name))
        .WriteUInt64(5, (ulong)Size)
        .WriteBytes(6, _readToken)
        .ToArray();

    /// <summary>Reads a message body; throws <see cref="WickrException"/> (Parse) naming the field that is wrong.</summary>
    public static FileDescriptor Decode(ReadOnlySpan<byte> body)
    {
        string? blobId = null, name = null;
        byte[]? key = null, digest = null, token = null;
        ulong size = 0;
        try
        {
            var reader = new ProtoReader(body);
            while (reader.Next())
            {
                switch (reader.Field)
                {
                    case 1: blobId = System.Text.Encoding.ASCII.GetString(reader.ReadBytes()); break;
                    case 2: key = reader.ReadBytes().ToArray(); break;
                    case 3: digest = reader.ReadBytes().ToArray(); break;
                    case 4: name = new UTF8Encoding(false, true).GetString(reader.ReadBytes()); break;
                    case 5: size = reader.ReadUInt64(); break;
                    case 6: token = reader.ReadBytes().ToArray(); break;
                    default: reader.Skip(); break;
                }
            }
            if (size > long.MaxValue)
            {
                throw new WickrException(WickrError.Parse, "a file message's size is out of range");
            }
            return new FileDescriptor(
                blobId ?? throw Missing("blob_id"), key ?? throw Missing("key"), digest ?? throw Missing("digest"),
                name ?? throw Missing("name"), (long)size, token ?? throw Missing("read_token"));
        }
        catch (DecoderFallbackException)
        {
            throw new WickrException(WickrError.Parse, "a file message's name is not UTF-8");
        }
        finally
        {
            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key);
            }
            if (token is not null)
            {
                CryptographicOperations.ZeroMemory(token);
            }
        }
    }

    /// <summary>The file a received message describes, or null when it is not a file message (content type).</summary>
    /// <exception cref="WickrException">A file message whose body is malformed (Parse).</exception>
    public static FileDescriptor? FromMessage(Packets.PlainMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Metadata.ContentType == ContentType ? Decode(message.Body) : null;
    }

    /// <summary>Zeroes the key and the read token.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_key);
        CryptographicOperations.ZeroMemory(_readToken);
    }

    private static WickrException Missing(string field) => new(WickrError.Parse, $"a file message has no {field}");

    // A name from another user never chooses a directory: keep the last path segment, bounded, never empty.
    private static string SafeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bare = name.Replace('\\', '/').Split('/').LastOrDefault(s => s.Length > 0 && s != "." && s != "..") ?? "file";
        bare = new string(bare.Where(c => !char.IsControl(c)).ToArray());
        while (System.Text.Encoding.UTF8.GetByteCount(bare) > MaxNameBytes)
        {
            bare = bare[..^1];
        }
        return bare.Length == 0 ? "file" : bare;
    }
}
