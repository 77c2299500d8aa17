using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Files;
using Wickr.Cluster.FilesBench;
using Wickr.Cluster.FilesBench.Baseline;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Files;

// File transfer benchmark: a real silo (embedded: SQLite + files under the data folder) and a real standalone gateway
// as processes on loopback, Alice uploads a file and Bob downloads it, for each size given (default 10 and 200 MiB).
// In the same run, on the same box: raw AES-256-GCM (.NET AesGcm, one-shot over 1 MiB pieces) over the same bytes,
// our streaming file cipher alone, and a plain gRPC stream of the same bytes in the same 1 MiB messages to an
// in-process Kestrel server. Prints throughputs, their ratios, and the silo's and gateway's resident memory.
var culture = CultureInfo.InvariantCulture;
const long MiB = 1024 * 1024;
var sizes = args.Length > 0 ? args.Select(a => long.Parse(a, culture) * MiB).ToArray() : [10 * MiB, 200 * MiB];
Console.WriteLine($"Wickr.Cluster file transfer benchmark: sizes {string.Join(", ", sizes.Select(s => s / MiB + " MiB"))}, {Environment.ProcessorCount} cores");

var limits = new Dictionary<string, string>
{
    ["Grains__Files__MaxFileBytes"] = (4096 * MiB).ToString(culture),
    ["Grains__Files__QuotaBytesPerUser"] = (16384 * MiB).ToString(culture),
};
Console.WriteLine("starting silo and gateway processes ...");
await using var cluster = await TestCluster.StartAsync(new ClusterSettings { Silo = limits });
await using var memory = new ProcessMemory(
[
    ("silo", cluster.Silo.HostProcessId ?? throw new InvalidOperationException("the silo's process id is unknown")),
    ("gateway", cluster.Gateway.HostProcessId ?? throw new InvalidOperationException("the gateway's process id is unknown")),
]);

using var aliceUser = await WickrAccounts.EnrollUserAsync(cluster.Channel, "bench-alice-" + Guid.NewGuid());
using var bobUser = await WickrAccounts.EnrollUserAsync(cluster.Channel, "bench-bob-" + Guid.NewGuid());
await using var alice = await WickrAccounts.RegisterDeviceAsync(cluster.Channel, aliceUser, RandomNumberGenerator.GetBytes(16));
await using var bob = await WickrAccounts.RegisterDeviceAsync(cluster.Channel, bobUser, RandomNumberGenerator.GetBytes(16));
await alice.ConnectAsync();
await bob.ConnectAsync();

await using var baseline = await BaselineServer.StartAsync();
using var baselineChannel = GrpcChannel.ForAddress(baseline.Address);
var plain = new BlobStream.BlobStreamClient(baselineChannel);
var folder = Directory.CreateTempSubdirectory("wickr-files-bench-").FullName;

try
{
    Console.WriteLine("warm-up (4 MiB through every path) ...");
    await MeasureAsync(4 * MiB);
    Console.WriteLine();
    Console.WriteLine($"{"size",8} {"AES-GCM",9} {"our GCM",9} {"gRPC",9} {"wickr",9} {"up",9} {"down",9} {"vs AES",7} {"vs gRPC",8} {"net/gRPC",9}   (MiB/s; up/down/wickr end to end incl. crypto)");
    var results = new List<Result>();
    foreach (var size in sizes)
    {
        var r = await MeasureAsync(size);
        results.Add(r);
        Console.WriteLine(string.Create(culture,
            $"{size / MiB,5} MiB {r.Aes,9:F0} {r.OurCipher,9:F0} {r.Grpc,9:F0} {r.Wickr,9:F0} {r.Up,9:F0} {r.Down,9:F0} {r.Wickr / r.Aes,7:P0} {r.Wickr / r.Grpc,8:P0} {r.Network / r.Grpc,9:P0}"));
    }
    Console.WriteLine();
    Console.WriteLine("server resident memory (MiB): before the transfer -> peak during upload+download");
    foreach (var r in results)
    {
        Console.WriteLine(FormattableString.Invariant($"{r.Size / MiB,5} MiB  ") + string.Join("   ", memory.Names.Select((n, i) => FormattableString.Invariant($"{n} {r.Before[i] / (double)MiB:F0} -> {r.Peak[i] / (double)MiB:F0}"))));
    }
    if (results.Count >= 2)
    {
        var first = results[0];
        var last = results[^1];
        Console.WriteLine(FormattableString.Invariant($"file {last.Size / (double)first.Size:F0}x larger; peak memory growth: ")
            + string.Join(", ", memory.Names.Select((n, i) => FormattableString.Invariant($"{n} {(last.Peak[i] - first.Peak[i]) / (double)MiB:+0;-0} MiB"))));
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}

async Task<Result> MeasureAsync(long size)
{
    var source = Path.Combine(folder, "source.bin");
    var target = Path.Combine(folder, "target.bin");
    WriteRandom(source, size);

    // Raw AES-256-GCM: one-shot AesGcm over 1 MiB pieces, encrypt then decrypt, no I/O.
    var piece = RandomNumberGenerator.GetBytes((int)MiB);
    var sealedPiece = new byte[MiB];
    var tag = new byte[16];
    var nonce = new byte[12];
    using var aesKey = CipherKey.Generate();
    using var aes = new AesGcm(aesKey.Key, 16);
    var watch = Stopwatch.StartNew();
    for (long done = 0; done < size; done += MiB)
    {
        aes.Encrypt(nonce, piece, sealedPiece, tag);
    }
    for (long done = 0; done < size; done += MiB)
    {
        aes.Decrypt(nonce, sealedPiece, tag, piece);
    }
    var aesSeconds = watch.Elapsed.TotalSeconds;

    // Our streaming file cipher alone (BouncyCastle GCM), file to memory-less sink and back.
    watch.Restart();
    await using (var input = File.OpenRead(source))
    {
        await FileCipher.EncryptAsync(input, new SeekableNull(), aesKey);
    }
    var ourSeconds = watch.Elapsed.TotalSeconds * 2;

    // Plain gRPC: the same bytes up and down in 1 MiB messages.
    watch.Restart();
    using (var put = plain.Put())
    {
        var message = ByteString.CopyFrom(piece);
        for (long left = size; left > 0; left -= MiB)
        {
            await put.RequestStream.WriteAsync(new Chunk { Data = left >= MiB ? message : ByteString.CopyFrom(piece.AsSpan(0, (int)left)) });
        }
        await put.RequestStream.CompleteAsync();
        await put;
    }
    using (var get = plain.Get(new GetRequest { Size = size, ChunkBytes = (int)MiB }))
    {
        await foreach (var _ in get.ResponseStream.ReadAllAsync())
        {
        }
    }
    var grpcSeconds = watch.Elapsed.TotalSeconds;

    // Wickr: encrypt + upload through gateway and silo; send the message; download + verify + decrypt.
    GC.Collect();
    await Task.Delay(500);
    var before = memory.Current();
    memory.TakePeaks();
    var encrypted = TimeSpan.Zero;
    watch.Restart();
    var upProgress = new Marks(FileTransferStage.Uploading);
    using (var upload = await alice.UploadFileAsync(source, upProgress))
    {
        var upSeconds = watch.Elapsed.TotalSeconds;
        encrypted = upProgress.FirstAt(watch);
        await alice.SendFileAsync([bobUser.Root.Identifier], upload);
        var message = await bob.ReceiveAsync();
        using var file = FileDescriptor.FromMessage(message.Message) ?? throw new InvalidOperationException("not a file message");
        var downProgress = new Marks(FileTransferStage.Decrypting);
        var downWatch = Stopwatch.StartNew();
        await bob.DownloadFileAsync(file, target, downProgress);
        var downSeconds = downWatch.Elapsed.TotalSeconds;
        var transferred = downProgress.FirstAt(downWatch);
        var peak = memory.TakePeaks();
        if (new FileInfo(target).Length != size)
        {
            throw new InvalidOperationException("the downloaded file differs in size");
        }
        File.Delete(target);
        var rate = (double)size / MiB;
        return new Result(size, 2 * rate / aesSeconds, 2 * rate / ourSeconds, 2 * rate / grpcSeconds, 2 * rate / (upSeconds + downSeconds),
            rate / upSeconds, rate / downSeconds,
            2 * rate / ((upSeconds - encrypted.TotalSeconds) + transferred.TotalSeconds), before, peak);
    }
}

static void WriteRandom(string path, long size)
{
    using var stream = File.Create(path);
    var buffer = new byte[MiB];
    for (long left = size; left > 0; left -= buffer.Length)
    {
        RandomNumberGenerator.Fill(buffer);
        stream.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
    }
}

/// <summary>One size's figures: MiB/s of each path, and the servers' memory.</summary>
internal sealed record Result(long Size, double Aes, double OurCipher, double Grpc, double Wickr, double Up, double Down, double Network, long[] Before, long[] Peak);

/// <summary>Remembers when the first report of a stage arrived: where the crypto part of a transfer ends or begins.</summary>
internal sealed class Marks(FileTransferStage stage) : IProgress<FileTransferProgress>
{
    private long _firstTicks = -1;

    public void Report(FileTransferProgress value)
    {
        if (value.Stage == stage && _firstTicks < 0)
        {
            _firstTicks = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>The time from <paramref name="watch"/>'s start to the first report (the whole time when none came).</summary>
    public TimeSpan FirstAt(Stopwatch watch) => _firstTicks < 0
        ? watch.Elapsed
        : watch.Elapsed - Stopwatch.GetElapsedTime(_firstTicks);
}

/// <summary>A seekable sink that keeps nothing: measures the cipher without the cost of storing its output.</summary>
internal sealed class SeekableNull : Stream
{
    private long _position;
    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position { get => _position; set => _position = value; }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => _length + offset,
    };

    public override void SetLength(long value) => _length = value;

    public override void Write(byte[] buffer, int offset, int count) => Advance(count);

    public override void Write(ReadOnlySpan<byte> buffer) => Advance(buffer.Length);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Advance(buffer.Length);
        return ValueTask.CompletedTask;
    }

    private void Advance(int count)
    {
        _position += count;
        _length = Math.Max(_length, _position);
    }
}
