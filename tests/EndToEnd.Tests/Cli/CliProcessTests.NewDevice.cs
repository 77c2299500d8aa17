namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>A device added by recovery is announced to the user's existing device, which can remove it.</summary>
public sealed partial class CliProcessTests
{
    [Fact]
    public async Task A_device_added_by_recovery_is_announced_by_devices_and_listen_and_removed_from_the_first()
    {
        var (owner, name, _) = await InitAsync("olga");
        var quiet = await owner.OkAsync("devices", "--json");
        Assert.DoesNotContain("new device", quiet.Stderr, StringComparison.Ordinal);

        // Someone with the passphrase adds a device through recovery; the owner's next listing says so, once.
        var intruder = new WickrCli(Server, Path.Combine(_root, "olga-intruder"), owner.Passphrase);
        await intruder.OkAsync("recover", name, "--json");
        var listed = await owner.OkAsync("devices", "--json");
        var added = Assert.Single(listed.Json.EnumerateArray(), d => !d.GetProperty("this_device").GetBoolean());
        var node = added.GetProperty("node").GetString()!;
        Assert.True(added.GetProperty("new").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.String, added.GetProperty("added_at").ValueKind);
        Assert.Contains($"new device {node[..8]} added at", listed.Stderr, StringComparison.Ordinal);
        var again = await owner.OkAsync("devices", "--json");
        Assert.DoesNotContain("new device", again.Stderr, StringComparison.Ordinal);
        Assert.False(Assert.Single(again.Json.EnumerateArray(), d => d.GetProperty("node").GetString() == node).GetProperty("new").GetBoolean());

        // A third device, noticed by `listen` when it connects.
        var third = new WickrCli(Server, Path.Combine(_root, "olga-third"), owner.Passphrase);
        await third.OkAsync("recover", name, "--json");
        var thirdNode = Assert.Single((await third.OkAsync("devices", "--json")).Json.EnumerateArray(), d => d.GetProperty("this_device").GetBoolean()).GetProperty("node").GetString()!;
        var heard = await owner.RunAsync("listen", "--timeout", "1");
        Assert.Contains($"new device {thirdNode[..8]} added at", heard.Stderr, StringComparison.Ordinal);

        // The owner removes the intruder's device; the victim keeps working.
        await owner.OkAsync("devices", "remove", node[..8]);
        var after = (await owner.OkAsync("devices", "--json")).Json.EnumerateArray().Select(d => d.GetProperty("node").GetString()).ToList();
        Assert.DoesNotContain(node, after);
        Assert.Equal(2, after.Count);
    }
}
