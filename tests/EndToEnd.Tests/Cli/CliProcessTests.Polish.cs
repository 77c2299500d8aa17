using System.Globalization;

namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>
/// What a person meets off the happy path: a send while the server is down (queued, said so, sent once by `sync`), TLS
/// against a plaintext server (exit 5 with a hint), a device removed by a prefix of its node identifier.
/// </summary>
public sealed partial class CliProcessTests
{
    [Fact]
    public async Task A_send_while_the_server_is_down_is_queued_said_so_and_sent_once_by_sync()
    {
        var (alice, _, _) = await InitAsync("alice-offline");
        var (bob, bobName, _) = await InitAsync("bob-offline");
        await alice.OkAsync("send", bobName, "first contact"); // the pin and profile are known before the server goes away
        var closed = "http://127.0.0.1:" + Loopback.FreePorts(1)[0].ToString(CultureInfo.InvariantCulture);

        var offline = await alice.RunAsync("send", bobName, "sent while offline", "--ttl", "1h", "--server", closed);
        Assert.True(offline.ExitCode == 12, offline.ToString());
        Assert.Contains("queued", offline.Stderr, StringComparison.Ordinal);
        Assert.Contains("wickr sync", offline.Stderr, StringComparison.Ordinal);

        var sync = await alice.OkAsync("sync", "--json");
        Assert.Equal(1, sync.Json.GetProperty("sent").GetInt32());
        Assert.Equal(0, sync.Json.GetProperty("pending").GetInt32());
        var texts = Inbox(await bob.OkAsync("inbox", "--json")).Select(Text).ToList();
        Assert.Equal(["first contact", "sent while offline"], texts);
    }

    [Fact]
    public async Task Tls_against_a_plaintext_server_exits_5_with_a_hint()
    {
        var device = Device("tls", "tls passphrase");
        var run = await device.RunAsync("init", Unique("tls"), "--server", Server.Replace("http://", "https://", StringComparison.Ordinal));
        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Contains("TLS", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("http://", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(device.StorePath));
    }

    [Fact]
    public async Task A_device_is_removed_by_a_unique_prefix_of_its_node_identifier()
    {
        var (bob, bobName, _) = await InitAsync("bob-prefix");
        var second = new WickrCli(Server, Path.Combine(_root, "bob-prefix-2"), bob.Passphrase);
        var node = (await second.OkAsync("recover", bobName, "--json")).Json.GetProperty("node").GetString()!;

        var tooShort = await bob.RunAsync("devices", "remove", "zz");
        Assert.True(tooShort.ExitCode == 2, tooShort.ToString());
        var removed = await bob.OkAsync("devices", "remove", node[..8].ToUpperInvariant(), "--json");
        Assert.Equal(node, removed.Json.GetProperty("removed").GetString());
        Assert.Equal(1, (await bob.OkAsync("devices", "--json")).Json.GetArrayLength());

        // The removed device hears that it was removed, not that the server is unreachable.
        var status = await second.RunAsync("status", "--json");
        Assert.True(status.ExitCode == 7, status.ToString());
        Assert.True(status.Json.GetProperty("reachable").GetBoolean(), status.ToString());
        Assert.Contains("does not accept this device", status.Json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fingerprint_is_shown_one_way_everywhere_with_the_short_form_marked_and_lists_use_the_same_keys()
    {
        var (alice, _, _) = await InitAsync("alice-fp");
        var (_, bobName, bobInit) = await InitAsync("bob-fp");
        var full = bobInit.GetProperty("fingerprint").GetString()!;

        var verified = (await alice.OkAsync("verify", bobName, "--confirm", "--json")).Json;
        Assert.Equal(full, verified.GetProperty("theirs").GetString());
        var contact = Assert.Single((await alice.OkAsync("contacts", "--json")).Json.EnumerateArray(), c => c.GetProperty("user").GetString() == bobName);
        Assert.Equal(full, contact.GetProperty("fingerprint").GetString());
        Assert.Equal(full[..(full.Length / 2)] + "…", contact.GetProperty("fingerprint_short").GetString());
        var table = await alice.OkAsync("contacts");
        Assert.Contains("fingerprint (short)", table.Stdout, StringComparison.Ordinal);

        var device = Assert.Single((await alice.OkAsync("devices", "--json")).Json.EnumerateArray());
        Assert.Equal(full.Length, device.GetProperty("fingerprint").GetString()!.Length);
        Assert.NotNull(device.GetProperty("user").GetString());
    }
}
