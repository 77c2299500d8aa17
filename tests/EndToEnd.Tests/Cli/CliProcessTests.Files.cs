using System.Security.Cryptography;

namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>A file (with a text) from Alice to Bob through the CLI: send --file, listed as a file, get (in a later process), no overwrite, a text is not a file.</summary>
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
        // With a text: the file goes first, the text follows as its own message (the last JSON line).
        var caption = "the report " + Guid.NewGuid().ToString("N");
        var sent = await alice.OkAsync("send", bobName, caption, "--file", source, "--json");
        var fileSent = System.Text.Json.JsonDocument.Parse(sent.Stdout.Trim().Split('\n')[0]).RootElement;
        Assert.True(sent.Json.GetProperty("all_queued").GetBoolean(), sent.ToString());
        Assert.Equal(content.Length, fileSent.GetProperty("file").GetProperty("size").GetInt64());
        Assert.True(fileSent.GetProperty("all_queued").GetBoolean(), sent.ToString());
        Assert.Contains("uploading", sent.Stderr, StringComparison.Ordinal);

        var inbox = Inbox(await bob.OkAsync("inbox", "--json"));
        Assert.Equal(2, inbox.Count);
        var listed = inbox[0];
        Assert.Equal(caption, Text(inbox[1]));
        Assert.Equal("report.bin", listed.GetProperty("file").GetProperty("name").GetString());
        Assert.Equal(content.Length, listed.GetProperty("file").GetProperty("size").GetInt64());
        var id = listed.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The file message carries Alice's send time, as a text does: before its caption's, not after Bob received it.
        var fileSentAt = listed.GetProperty("sent_at").GetDateTimeOffset();
        Assert.True(fileSentAt <= inbox[1].GetProperty("sent_at").GetDateTimeOffset(), listed.ToString());
        Assert.True(fileSentAt <= listed.GetProperty("received_at").GetDateTimeOffset(), listed.ToString());
        var table = await bob.OkAsync("inbox", "--offline");
        // The table wraps a cell at the console's width (80 columns when piped), so its words may sit on two lines.
        Assert.True(table.Stdout.Contains("[file]", StringComparison.Ordinal) && table.Stdout.Contains("report.bin", StringComparison.Ordinal), table.Stdout);
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

        // The server deleted the blob once Bob's only device fetched it: a later get copies the earlier download, verified.
        var second = Path.Combine(_root, "y");
        var copied = await bob.OkAsync("get", id, "--out", second, "--json");
        Assert.Equal(content, await File.ReadAllBytesAsync(second));
        Assert.Equal(target, copied.Json.GetProperty("copied_from").GetString());
        // Once that copy is changed, the file cannot come back: exit 6, said in plain words, nothing written.
        await File.WriteAllBytesAsync(target, [1, 2, 3]);
        var gone = await bob.RunAsync("get", id, "--out", Path.Combine(_root, "z"));
        Assert.True(gone.ExitCode == 6, gone.ToString());
        Assert.Contains("cannot be fetched again", gone.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_root, "z")));

        // A text is not a file: exit 10, nothing written.
        var notFile = await bob.RunAsync("get", inbox[1].GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", target + ".txt");
        Assert.True(notFile.ExitCode == 10, notFile.ToString());
        Assert.False(File.Exists(target + ".txt"));
    }
}
