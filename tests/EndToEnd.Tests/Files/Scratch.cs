using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Files;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Wickr.Cluster.Protocol.Files;

namespace Wickr.Cluster.EndToEnd.Tests.Files;

/// <summary>A folder of test files, deleted afterwards, and helpers to make, receive and compare them.</summary>
internal sealed class Scratch : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("wickr-e2e-files-").FullName;

    public string PathFor(string name) => Path.Combine(Folder, name);

    /// <summary>A file of random bytes written in 1 MiB pieces; returns its path and SHA-256.</summary>
    public (string Path, byte[] Digest) RandomFile(string name, long size)
    {
        var path = PathFor(name);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var stream = File.Create(path);
        var buffer = new byte[1024 * 1024];
        for (long left = size; left > 0; left -= buffer.Length)
        {
            var n = (int)Math.Min(buffer.Length, left);
            RandomNumberGenerator.Fill(buffer.AsSpan(0, n));
            hash.AppendData(buffer, 0, n);
            stream.Write(buffer, 0, n);
        }
        return (path, hash.GetHashAndReset());
    }

    public static byte[] Digest(string path)
    {
        using var stream = File.OpenRead(path);
        return SHA256.HashData(stream);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Temp files only.
        }
    }

    /// <summary>The next message on <paramref name="device"/>, which must be a file message.</summary>
    public static async Task<FileDescriptor> NextFileAsync(WickrClient device)
    {
        var message = await device.NextAsync();
        return FileDescriptor.FromMessage(message.Message) ?? throw new InvalidOperationException($"expected a file message, got content type {message.Message.Metadata.ContentType}");
    }

    /// <summary>The Files service called directly with <paramref name="device"/>'s token, as any device (or attacker) may.</summary>
    public static async Task<(Api.V1.Files.FilesClient Files, CallOptions Options)> RawAsync(World w, WickrClient device)
    {
        var token = await device.Session.TokenAsync(CancellationToken.None);
        return (new Api.V1.Files.FilesClient(w.Cluster.Channel), new CallOptions(new Metadata { { "authorization", "Bearer " + token } }));
    }

    public static Api.V1.CreateUploadRequest Create(long size, long retentionSeconds = 0) => new()
    {
        Size = size,
        ReadTokenHash = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)),
        RetentionSeconds = retentionSeconds,
    };

    /// <summary>Polls <paramref name="condition"/> until it holds or the patience runs out.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? World.Patience);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not within {patience ?? World.Patience}: {what}");
            }
            await Task.Delay(200);
        }
    }
}

/// <summary>Progress reported synchronously (unlike <see cref="Progress{T}"/>), so a test can act at an exact point.</summary>
internal sealed class SyncProgress(Action<FileTransferProgress> onReport) : IProgress<FileTransferProgress>
{
    public List<FileTransferProgress> Reports { get; } = [];

    public void Report(FileTransferProgress value)
    {
        lock (Reports)
        {
            Reports.Add(value);
        }
        onReport(value);
    }
}
