namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>The hardened mode: the server holds no passphrase-sealed key, so only the recovery key text adds a device.</summary>
public sealed partial class CliProcessTests
{
    [Fact]
    public async Task In_the_hardened_mode_a_device_is_added_with_the_recovery_key_text_and_not_with_the_passphrase_or_another_key()
    {
        var name = Unique("carol");
        var carol = Device("carol", "carol's passphrase");
        var init = (await carol.OkAsync("init", name, "--hardened", "--json")).Json;
        Assert.True(init.GetProperty("hardened").GetBoolean());
        var recoveryKey = init.GetProperty("recovery_key").GetString()!;

        // The passphrase alone cannot open a hardened bundle; another (well-formed) key does not either. Nothing is left behind.
        var second = new WickrCli(Server, Path.Combine(_root, "carol2"), carol.Passphrase);
        var withPassphrase = await second.RunAsync("recover", name);
        Assert.True(withPassphrase.ExitCode == 3, withPassphrase.ToString());
        Assert.Contains("--recovery-key", withPassphrase.Stderr, StringComparison.Ordinal);
        var otherKey = (await Device("dave", "dave's passphrase").OkAsync("init", Unique("dave"), "--hardened", "--json")).Json.GetProperty("recovery_key").GetString()!;
        var withOtherKey = await second.RunAsync("recover", name, "--recovery-key", otherKey);
        Assert.True(withOtherKey.ExitCode == 3, withOtherKey.ToString());
        Assert.False(File.Exists(second.StorePath));

        var recovered = (await second.OkAsync("recover", name, "--recovery-key", recoveryKey, "--json")).Json;
        Assert.Equal(init.GetProperty("fingerprint").GetString(), recovered.GetProperty("fingerprint").GetString());
        Assert.Equal(2, (await carol.OkAsync("devices", "--json")).Json.GetArrayLength());
    }

    [Fact]
    public async Task A_normal_account_prints_no_recovery_key_and_its_passphrase_alone_adds_a_device()
    {
        var name = Unique("erin");
        var erin = Device("erin", "erin's passphrase");
        var init = await erin.OkAsync("init", name);
        Assert.DoesNotContain("recovery key", init.Stdout, StringComparison.Ordinal);
        Assert.Contains($"wickr recover {name}", init.Stderr, StringComparison.Ordinal);
        var json = (await Device("erin-json", "erin's passphrase").OkAsync("init", Unique("erin"), "--json")).Json;
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("recovery_key").ValueKind);

        // What init said is true: the passphrase alone adds the second device; a recovery key is refused with the reason.
        var hardenedKey = (await Device("frank", "frank's passphrase").OkAsync("init", Unique("frank"), "--hardened", "--json")).Json.GetProperty("recovery_key").GetString()!;
        var second = new WickrCli(Server, Path.Combine(_root, "erin2"), erin.Passphrase);
        var withKey = await second.RunAsync("recover", name, "--recovery-key", hardenedKey);
        Assert.True(withKey.ExitCode == 3, withKey.ToString());
        Assert.Contains("init --hardened", withKey.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(second.StorePath));
        await second.OkAsync("recover", name);
        Assert.Equal(2, (await erin.OkAsync("devices", "--json")).Json.GetArrayLength());
    }
}
