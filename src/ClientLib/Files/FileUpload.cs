using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Files;

namespace Wickr.Cluster.ClientLib.Files;

/// <summary>
/// A file encrypted on this device and (being) uploaded: the temporary encrypted file, the blob id, and the secrets
/// that will travel in the message (key, read token). An interrupted upload is resumed with it; disposing deletes
/// the temporary file and zeroes the secrets.
/// </summary>
public sealed class FileUpload : IDisposable
{
    internal FileUpload(string encryptedPath, FileDescriptor descriptor)
    {
        EncryptedPath = encryptedPath;
        Descriptor = descriptor;
    }

    /// <summary>The server's id of the blob.</summary>
    public string BlobId => Descriptor.BlobId;

    /// <summary>The encrypted size (what is uploaded).</summary>
    public long EncryptedSize => Descriptor.EncryptedSize;

    /// <summary>Bytes the server has confirmed as stored.</summary>
    public long StoredBytes { get; internal set; }

    /// <summary>True when every byte is stored.</summary>
    public bool Complete => StoredBytes == EncryptedSize;

    /// <summary>What the message will carry.</summary>
    internal FileDescriptor Descriptor { get; }

    /// <summary>The temporary encrypted file.</summary>
    internal string EncryptedPath { get; }

    /// <summary>Deletes the temporary encrypted file and zeroes the key and read token.</summary>
    public void Dispose()
    {
        Descriptor.Dispose();
        try
        {
            File.Delete(EncryptedPath);
        }
        catch (IOException)
        {
            // A temporary file of ciphertext only; the OS's temp cleanup gets it.
        }
    }

    internal static byte[] HashToken(ReadOnlySpan<byte> token) => SHA256.HashData(token);
}
