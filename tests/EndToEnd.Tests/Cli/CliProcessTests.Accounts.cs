namespace Wickr.Cluster.EndToEnd.Tests.Cli;

public sealed partial class CliProcessTests
{
    [Fact]
    public async Task A_weak_passphrase_is_refused_before_anything_is_registered_and_the_hardened_mode_is_offered()
    {
        var name = Unique("victim");
        var weak = Device("weak", "sunshine");
        var refused = await weak.RunAsync("init", name);
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("too weak", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("wickr init --hardened", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(weak.StorePath));

        // Nothing was registered: the name is still free for the person who picks a real passphrase.
        var strong = Device("strong", Testing.TestPassphrases.Strong);
        await strong.OkAsync("init", name, "--json");
        Assert.True(File.Exists(strong.StorePath));

        // Its home and store are its owner's alone.
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(strong.Home));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(strong.StorePath));
        }
    }

    [Fact]
    public async Task Plaintext_http_to_another_machine_is_refused_unless_insecure_is_given()
    {
        var device = Device("remote", Testing.TestPassphrases.Strong);
        var refused = await device.RunWithAsync(new Dictionary<string, string> { ["WICKR_SERVER"] = "http://192.0.2.10:5080" }, "init", Unique("remote"));
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("plaintext http:// to another machine", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--insecure", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(device.StorePath));

        // Loopback over http:// is this machine: allowed (as every other test here runs).
        await device.OkAsync("init", Unique("local"), "--json");
    }
}
