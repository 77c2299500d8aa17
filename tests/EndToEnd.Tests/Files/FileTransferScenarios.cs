using System.Security.Cryptography;
using Grpc.Core;
using Wickr.Cluster.ClientLib;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Files;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Files;
using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Files;

/// <summary>
/// File transfer end to end against a real silo and gateway, on one storage backend (the derived class picks it):
/// a 50 MiB file to two devices, resume after an interrupted upload, tampering refused, no download without the
/// capability, cap and quota, deletion after downloads and after retention, and a scan of what the server stored.
/// </summary>
public abstract class FileTransferScenarios(ClusterFixture fixture, ITestOutputHelper output)
{
    private const int MiB = 1024 * 1024;

    internal abstract IServerBlobs Blobs(TestCluster cluster);

    private Task Run(Func<World, Scratch, Task> scenario) => fixture.RunAsync(output, async w =>
    {
        using var scratch = new Scratch();
        await scenario(w, scratch);
    });

    [Fact]
    public Task A_50_MiB_file_reaches_both_of_Bobs_devices_byte_identical_and_is_deleted_once_both_downloaded() => Run(async (w, scratch) =>
    {
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 2);
        var (source, digest) = scratch.RandomFile("holiday.mov", 50L * MiB);
        var sending = new SyncProgress(_ => { });

        var sent = await alice[0].SendFileAsync([bob.Root], source, sending);

        Assert.True(sent.Message.AllQueued, string.Join("; ", sent.Message.Failures));
        Assert.Equal(2, sent.Message.Deliveries.Count);
        var uploaded = sending.Reports.Where(r => r.Stage == FileTransferStage.Uploading).ToList();
        Assert.Equal(FileCipher.EncryptedSize(50L * MiB), uploaded[^1].Done);
        Assert.True(uploaded.Zip(uploaded.Skip(1)).All(p => p.First.Done <= p.Second.Done), "upload progress only grows");
        Assert.True(await Blobs(w.Cluster).ExistsAsync(sent.BlobId));

        for (var i = 0; i < 2; i++)
        {
            using var file = await Scratch.NextFileAsync(bob[i]);
            Assert.Equal("holiday.mov", file.Name);
            Assert.Equal(50L * MiB, file.Size);
            var receiving = new SyncProgress(_ => { });
            var target = scratch.PathFor($"bob{i}.mov");
            await bob[i].DownloadFileAsync(file, target, receiving);
            Assert.Equal(digest, Scratch.Digest(target));
            Assert.Equal(file.EncryptedSize, receiving.Reports.Last(r => r.Stage == FileTransferStage.Downloading).Done);
            if (i == 0)
            {
                // One recipient is not all: the blob stays for the other device.
                Assert.True(await Blobs(w.Cluster).ExistsAsync(sent.BlobId));
            }
        }

        await Scratch.EventuallyAsync(async () => !await Blobs(w.Cluster).ExistsAsync(sent.BlobId), "the blob is deleted after every recipient node downloaded it");
        var (files, options) = await Scratch.RawAsync(w, alice[0]);
        var gone = await Assert.ThrowsAsync<RpcException>(() => files.GetUploadStatusAsync(new() { BlobId = sent.BlobId }, options).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    });

    [Fact]
    public Task An_upload_interrupted_at_half_resumes_from_the_last_stored_offset() => Run(async (w, scratch) =>
    {
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 1);
        var (source, digest) = scratch.RandomFile("dataset.bin", 16L * MiB);
        var (files, options) = await Scratch.RawAsync(w, alice[0]);
        using var stop = new CancellationTokenSource();

        // HTTP/2 flow control keeps the sender within ~100 KiB of what the server read, so at half the server holds chunks.
        var interrupting = new SyncProgress(p =>
        {
            if (p.Stage == FileTransferStage.Uploading && p.Done >= p.Total / 2)
            {
                stop.Cancel();
            }
        });

        var interrupted = await Assert.ThrowsAsync<FileUploadInterruptedException>(() => alice[0].UploadFileAsync(source, interrupting, null, stop.Token));

        using var upload = interrupted.Upload;
        var total = FileCipher.EncryptedSize(16L * MiB);
        await Scratch.EventuallyAsync(async () => (await files.GetUploadStatusAsync(new() { BlobId = upload.BlobId }, options)).StoredBytes > 0,
            "the server stored the chunks that arrived before the cut");
        var stored = (await files.GetUploadStatusAsync(new() { BlobId = upload.BlobId }, options)).StoredBytes;
        Assert.InRange(stored, 1, total - 1);
        w.Log($"interrupted after {interrupting.Reports.Last().Done:N0} bytes sent; server had stored {stored:N0} of {total:N0}");

        var resuming = new SyncProgress(_ => { });
        await alice[0].ResumeUploadAsync(upload, resuming);

        Assert.True(upload.Complete);
        Assert.True(resuming.Reports[0].Done > stored, "the resumed upload starts at the stored offset, not at zero");
        Assert.True(resuming.Reports.Count <= (total - stored) / (1024 * 1024) + 2, "only the missing chunks are sent again");
        var sent = await alice[0].SendFileAsync([bob.Root], upload);
        Assert.True(sent.Message.AllQueued);
        using var file = await Scratch.NextFileAsync(bob[0]);
        await bob[0].DownloadFileAsync(file, scratch.PathFor("out.bin"));
        Assert.Equal(digest, Scratch.Digest(scratch.PathFor("out.bin")));
    });

    [Fact]
    public Task A_tampered_truncated_or_reordered_blob_is_refused_with_a_clear_error_and_the_intact_one_still_opens() => Run(async (w, scratch) =>
    {
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 1);
        var (source, digest) = scratch.RandomFile("contract.pdf", 3L * MiB);
        var sent = await alice[0].SendFileAsync([bob.Root], source);
        using var file = await Scratch.NextFileAsync(bob[0]);
        var blobs = Blobs(w.Cluster);
        var original = await blobs.ReadAsync(sent.BlobId);
        var target = scratch.PathFor("received.pdf");

        var flipped = (byte[])original.Clone();
        flipped[original.Length / 2] ^= 0x01;
        var tagChanged = (byte[])original.Clone();
        tagChanged[FileCipher.HeaderSize - 1] ^= 0x80;
        var reordered = (byte[])original.Clone();
        original.AsSpan(FileCipher.HeaderSize, 4096).CopyTo(reordered.AsSpan(FileCipher.HeaderSize + MiB));
        original.AsSpan(FileCipher.HeaderSize + MiB, 4096).CopyTo(reordered.AsSpan(FileCipher.HeaderSize));
        var truncated = original[..^1000];
        var cases = new (string Name, byte[] Blob, string Expected)[]
        {
            ("one byte changed", flipped, "does not verify"),
            ("tag changed", tagChanged, "does not verify"),
            ("two blocks swapped", reordered, "does not verify"),
            ("last 1000 bytes cut", truncated, "truncated"),
        };
        foreach (var (name, blob, expected) in cases)
        {
            await blobs.WriteAsync(sent.BlobId, blob);
            var error = await Assert.ThrowsAsync<WickrException>(() => bob[0].DownloadFileAsync(file, target));
            w.Log($"{name}: {error.Message}");
            Assert.Equal(WickrError.Decrypt, error.Error);
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(target), $"{name}: no plaintext is released");
        }

        // The victim still gets the file once the storage holds the real bytes again.
        await blobs.WriteAsync(sent.BlobId, original);
        await bob[0].DownloadFileAsync(file, target);
        Assert.Equal(digest, Scratch.Digest(target));
    });

    [Fact]
    public Task A_stranger_without_the_read_token_cannot_download_confirm_or_change_the_file() => Run(async (w, scratch) =>
    {
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 1);
        var mallory = await w.UserAsync("mallory", 1);
        var (source, digest) = scratch.RandomFile("secret.txt", 200_000);
        var sent = await alice[0].SendFileAsync([bob.Root], source);
        var (files, options) = await Scratch.RawAsync(w, mallory[0]);

        // Mallory learnt the blob id (it is not secret); without the token the file does not exist for her.
        var guess = new Api.V1.DownloadRequest { BlobId = sent.BlobId, ReadToken = Google.Protobuf.ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)) };
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => DrainAsync(files.Download(guess, options)))).StatusCode);
        var empty = new Api.V1.DownloadRequest { BlobId = sent.BlobId };
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => DrainAsync(files.Download(empty, options)))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => files.ConfirmDownloadAsync(
            new() { BlobId = sent.BlobId, ReadToken = guess.ReadToken }, options).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => files.GetUploadStatusAsync(
            new() { BlobId = sent.BlobId }, options).ResponseAsync)).StatusCode);
        var recipients = new Api.V1.SetRecipientsRequest { BlobId = sent.BlobId };
        recipients.RecipientNodeIdentifiers.Add(Google.Protobuf.ByteString.CopyFrom(Convert.FromHexString(mallory[0].NodeIdentifierHex)));
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => files.SetRecipientsAsync(recipients, options).ResponseAsync)).StatusCode);
        using (var append = files.Upload(options))
        {
            await append.RequestStream.WriteAsync(new() { BlobId = sent.BlobId, Offset = 0, Data = Google.Protobuf.ByteString.CopyFrom(new byte[16]) });
            await append.RequestStream.CompleteAsync();
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => append.ResponseAsync)).StatusCode);
        }
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => files.GetUploadStatusAsync(
            new() { BlobId = "../../etc/passwd" }, options).ResponseAsync)).StatusCode);

        // Bob, who has the token, still gets the file; Mallory's tries changed nothing.
        using var file = await Scratch.NextFileAsync(bob[0]);
        await bob[0].DownloadFileAsync(file, scratch.PathFor("secret.txt"));
        Assert.Equal(digest, Scratch.Digest(scratch.PathFor("secret.txt")));
    });

    [Fact]
    public Task The_size_cap_and_the_quota_refuse_cleanly_and_free_up_after_retention() => Run(async (w, scratch) =>
    {
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 1);
        var (files, options) = await Scratch.RawAsync(w, alice[0]);

        var tooBig = await Assert.ThrowsAsync<RpcException>(() => files.CreateUploadAsync(Scratch.Create(FileTestLimits.MaxFileBytes + 1), options).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, tooBig.StatusCode);
        Assert.Contains("size", tooBig.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => files.CreateUploadAsync(Scratch.Create(0), options).ResponseAsync)).StatusCode);

        // Two 60 MiB uploads (declared, short retention) fill most of the 128 MiB quota; a third does not fit.
        var big = 60L * MiB;
        await files.CreateUploadAsync(Scratch.Create(big, retentionSeconds: 2), options);
        await files.CreateUploadAsync(Scratch.Create(big, retentionSeconds: 2), options);
        var over = await Assert.ThrowsAsync<RpcException>(() => files.CreateUploadAsync(Scratch.Create(big), options).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, over.StatusCode);
        Assert.Contains("quota", over.Status.Detail, StringComparison.Ordinal);

        // Other users are untouched, and Alice can still send what fits.
        var (bobFiles, bobOptions) = await Scratch.RawAsync(w, bob[0]);
        await bobFiles.CreateUploadAsync(Scratch.Create(big, retentionSeconds: 1), bobOptions);
        var (source, digest) = scratch.RandomFile("small.txt", 100_000);
        await alice[0].SendFileAsync([bob.Root], source);
        using var file = await Scratch.NextFileAsync(bob[0]);
        await bob[0].DownloadFileAsync(file, scratch.PathFor("small.txt"));
        Assert.Equal(digest, Scratch.Digest(scratch.PathFor("small.txt")));

        // The abandoned uploads expire; their quota comes back.
        await Scratch.EventuallyAsync(async () =>
        {
            try
            {
                await files.CreateUploadAsync(Scratch.Create(big, retentionSeconds: 1), options);
                return true;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
            {
                return false;
            }
        }, "the quota is released when abandoned uploads pass their retention", TimeSpan.FromSeconds(30));
    });

    [Fact]
    public Task A_file_nobody_downloads_is_deleted_after_its_retention() => Run(async (w, scratch) =>
    {
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 1);
        var (source, _) = scratch.RandomFile("ephemeral.txt", 300_000);
        using var upload = await alice[0].UploadFileAsync(source, null, TimeSpan.FromSeconds(2));
        var sent = await alice[0].SendFileAsync([bob.Root], upload);
        Assert.True(await Blobs(w.Cluster).ExistsAsync(sent.BlobId));

        await Scratch.EventuallyAsync(async () => !await Blobs(w.Cluster).ExistsAsync(sent.BlobId), "the blob is deleted after its retention", TimeSpan.FromSeconds(30));

        using var file = await Scratch.NextFileAsync(bob[0]);
        var late = await Assert.ThrowsAsync<WickrClientException>(() => bob[0].DownloadFileAsync(file, scratch.PathFor("late.txt")));
        Assert.Equal(StatusCode.NotFound, late.StatusCode);
        Assert.False(File.Exists(scratch.PathFor("late.txt")));
    });

    [Fact]
    [RunLast]
    public Task The_servers_storage_never_holds_the_files_plaintext_name_key_or_read_token() => Run(async (w, scratch) =>
    {
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 1);
        var name = $"board-minutes-{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}.docx";
        var (source, digest) = scratch.RandomFile(name, 2L * MiB + 123);
        var sent = await alice[0].SendFileAsync([bob.Root], source);
        using var file = await Scratch.NextFileAsync(bob[0]);

        // Bob does not download, so the blob is still stored when the storage is read.
        var plaintext = await File.ReadAllBytesAsync(source);
        var secrets = new List<KeyRecorder.Secret>
        {
            new("file key", file.EncodedKey[1..].ToArray()),
            new("read token", file.ReadToken.ToArray()),
            new("plaintext digest", digest),
            new("file name", System.Text.Encoding.UTF8.GetBytes(name)),
        };
        for (var i = 0; i < 16; i++)
        {
            secrets.Add(new($"plaintext at {i * (plaintext.Length / 16)}", plaintext.AsSpan(i * (plaintext.Length / 16), 64).ToArray()));
        }
        var blobs = Blobs(w.Cluster);
        var ciphertext = await blobs.ReadAsync(sent.BlobId);

        await w.Cluster.StopAsync();
        var scanner = new StorageScanner(secrets);
        var stored = await blobs.EverythingAsync();
        foreach (var (where, bytes) in stored)
        {
            var found = scanner.Find(bytes);
            Assert.True(found.Count == 0, $"{where} holds {string.Join(", ", found)}");
        }
        w.Log($"scanned {stored.Count} stored objects, {stored.Sum(s => (long)s.Bytes.Length):N0} bytes, for {secrets.Count} secrets");

        // The control: the same scan finds the ciphertext, so the blob was among what was read.
        var control = new StorageScanner([new KeyRecorder.Secret("ciphertext", ciphertext.AsSpan(FileCipher.HeaderSize + 1000, 64).ToArray())]);
        Assert.Contains(stored, s => control.Find(s.Bytes).Count > 0);
    });

    private static async Task DrainAsync(AsyncServerStreamingCall<Api.V1.DownloadChunk> call)
    {
        using (call)
        {
            await foreach (var _ in call.ResponseStream.ReadAllAsync())
            {
            }
        }
    }
}
