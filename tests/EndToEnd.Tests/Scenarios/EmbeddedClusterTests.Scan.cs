using Wickr.Cluster.EndToEnd.Tests.Harness;

namespace Wickr.Cluster.EndToEnd.Tests.Scenarios;

/// <summary>The storage scan, after every other test of the class.</summary>
public sealed partial class EmbeddedClusterTests
{
    [Fact]
    [RunLast]
    public Task After_the_run_the_embedded_store_holds_no_body_no_private_key_and_no_symmetric_key() => Run(async w =>
    {
        var publicKeys = await Flows.ExchangeAsync(w);
        Flows.AssertEveryKindRecorded(w.Recorder);

        // Stop the hosts so everything they persisted is on disk, then read every file of the data directory.
        await w.Cluster.StopAsync();
        var files = Directory.GetFiles(w.Cluster.DataDirectory, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("wickr.db", StringComparison.Ordinal));
        var scanner = new StorageScanner(w.Recorder.Secrets);
        var everything = new List<byte>();
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            everything.AddRange(bytes);
            var found = scanner.Find(bytes);
            Assert.True(found.Count == 0, $"{Path.GetFileName(file)} holds {found.Count} secrets: {string.Join(", ", found.Take(10))}");
        }

        w.Log($"scanned {files.Length} files, {everything.Count:N0} bytes, for {w.Recorder.Secrets.Count:N0} secrets in {scanner.NeedleCount:N0} forms");

        // The control: the same scan does find the public data the store must hold (every user's root key).
        var stored = everything.ToArray();
        Assert.All(publicKeys, key => Assert.NotEmpty(new StorageScanner([new KeyRecorder.Secret("root public key", key)]).Find(stored)));
    });
}
