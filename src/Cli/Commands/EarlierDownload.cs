using System.Security.Cryptography;
using System.Text;
using Wickr.Cluster.ClientLib.Storage;
using Wickr.Cluster.Protocol.Files;

namespace Wickr.Cluster.Cli.Commands;

/// <summary>
/// Where this device saved a message's file (sealed in the device store): the server deletes a blob once every
/// recipient device confirmed its download, so a second <c>get</c> works from that copy, checked against the
/// plaintext digest in the sender's signed descriptor.
/// </summary>
internal static class EarlierDownload
{
    private static string Key(long sequence) => $"download/{sequence}";

    public static void Remember(DeviceStore store, long sequence, string path) => store.Put(Key(sequence), Encoding.UTF8.GetBytes(path));

    /// <summary>The path of this device's earlier download of message <paramref name="sequence"/>'s file, or null.</summary>
    public static string? Find(DeviceStore store, long sequence) => store.Get(Key(sequence)) is { } path ? Encoding.UTF8.GetString(path) : null;

    /// <summary>
    /// Copies the earlier download at <paramref name="earlier"/> to <paramref name="path"/> (through a temporary file,
    /// nothing at <paramref name="path"/> until it verified); NotFound when that copy is gone or no longer the file sent.
    /// </summary>
    public static FileSeal CopyVerified(string earlier, FileDescriptor file, string path, long sequence)
    {
        var gone = new CliException(ExitCodes.NotFound,
            $"the file of message {sequence} was downloaded to {earlier} before, and the server deletes a file once every "
            + "recipient device fetched it; that copy is gone or changed, so it cannot be fetched again (ask the sender to send it again)");
        byte[] digest;
        try
        {
            digest = Digest(earlier);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw gone;
        }
        if (!CryptographicOperations.FixedTimeEquals(digest, file.Digest))
        {
            throw gone;
        }
        if (!string.Equals(Path.GetFullPath(earlier), path, StringComparison.Ordinal))
        {
            var temporary = path + ".wickr-copy";
            File.Copy(earlier, temporary, overwrite: true);
            if (!CryptographicOperations.FixedTimeEquals(Digest(temporary), file.Digest))
            {
                File.Delete(temporary);
                throw gone;
            }
            File.Move(temporary, path, overwrite: true);
        }
        return new FileSeal(file.Size, digest);
    }

    private static byte[] Digest(string path)
    {
        using var stream = File.OpenRead(path);
        return SHA256.HashData(stream);
    }
}
