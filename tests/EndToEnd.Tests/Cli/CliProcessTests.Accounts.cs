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
    }
}
