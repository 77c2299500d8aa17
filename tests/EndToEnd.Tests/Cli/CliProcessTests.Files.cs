using System.Security.Cryptography;

namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>A file from Alice to Bob through the CLI: send --file, listed as a file, get (in a later process), no overwrite.</summary>
public sealed partial class CliProcessTests
{
    [Fact]
    public async Task Alice_sends_Bob_a_file_Bob_lists_it_gets_it_byte_identical_and_a_second_get_does_not_overwrite()
    {
        var (alice, _, _) = await InitAsync("alice-file");
        var (bob, bobName, _) = await InitAsync("bob-file");
        var source = Path.Combine(_root, "report.bin");
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        await File.WriteAllBytesAsync(source, content);

        // Output is redirected: plain progress lines on stderr, the result on stdout.
        var sent = await alice.OkAsync("send", bobName, "--file", source, "--json");
        Assert.True(sent.Json.GetProperty("all_queued").GetBoolean(), sent.ToString());
        Assert.Equal(content.Length, sent.Json.GetProperty("file").GetProperty("size").GetInt64());
        Assert.Contains("uploading", sent.Stderr, StringComparison.Ordinal);

        var listed = Assert.Single(Inbox(await bob.OkAsync("inbox", "--json")));
        Assert.Equal("report.bin", listed.GetProperty("file").GetProperty("name").GetString());
        Assert.Equal(content.Length, listed.GetProperty("file").GetProperty("size").GetInt64());
        var id = listed.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var table = await bob.OkAsync("inbox", "--offline");
        Assert.True(table.Stdout.Contains("[file] report.bin", StringComparison.Ordinal), table.Stdout);
        var read = await bob.OkAsync("read", id);
        Assert.True(read.Stdout.Contains("[file] report.bin (3.0 MiB)", StringComparison.Ordinal), read.Stdout);

        // Each `get` is a new process: the descriptor comes back out of the sealed store.
        var target = Path.Combine(_root, "x");
        var got = await bob.OkAsync("get", id, "--out", target, "--json");
        Assert.Equal(content, await File.ReadAllBytesAsync(target));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), got.Json.GetProperty("sha256").GetString());
        Assert.Contains("decrypting", got.Stderr, StringComparison.Ordinal);

        // A second get to the same path is refused (exit 11) and leaves the file as it was.
        var again = await bob.RunAsync("get", id, "--out", target);
        Assert.True(again.ExitCode == 11, again.ToString());
        Assert.Contains("--force", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllBytesAsync(target));
    }
}
