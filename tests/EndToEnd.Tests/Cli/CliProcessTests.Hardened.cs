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
        var otherKey = (await Device("dave", "dave's passphrase").OkAsync("init", Unique("dave"), "--json")).Json.GetProperty("recovery_key").GetString()!;
        var withOtherKey = await second.RunAsync("recover", name, "--recovery-key", otherKey);
        Assert.True(withOtherKey.ExitCode == 3, withOtherKey.ToString());
        Assert.False(File.Exists(second.StorePath));

        var recovered = (await second.OkAsync("recover", name, "--recovery-key", recoveryKey, "--json")).Json;
        Assert.Equal(init.GetProperty("fingerprint").GetString(), recovered.GetProperty("fingerprint").GetString());
        Assert.Equal(2, (await carol.OkAsync("devices", "--json")).Json.GetArrayLength());
    }
}
