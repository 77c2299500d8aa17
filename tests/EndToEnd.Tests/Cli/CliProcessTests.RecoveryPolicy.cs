using System.Text.Json;

namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>
/// The network's recovery policy through the real binaries: a gateway with <c>Gateway__Recovery__Policy</c> set, and
/// <c>wickr init</c> saying which recovery it sets up and why, with <c>--passphrase-recovery</c> where the policy allows it.
/// </summary>
public sealed partial class CliProcessTests
{
    [Fact]
    public async Task Init_is_hardened_where_the_networks_policy_says_so_and_a_passphrase_copy_only_where_it_is_allowed()
    {
        var hardenedDefault = "http://" + (await fixture.Cluster.StartGatewayAsync(new Dictionary<string, string> { ["Gateway__Recovery__Policy"] = "HardenedDefault" })).Target;
        var hardenedOnly = "http://" + (await fixture.Cluster.StartGatewayAsync(new Dictionary<string, string> { ["Gateway__Recovery__Policy"] = "HardenedOnly" })).Target;

        // HardenedDefault: plain init makes a hardened account and prints its recovery key, saying why in one line.
        var hana = new WickrCli(hardenedDefault, Path.Combine(_root, "hana"), "hana's long passphrase");
        var init = await hana.OkAsync("init", Unique("hana"), "--json");
        Assert.True(init.Json.GetProperty("hardened").GetBoolean(), init.ToString());
        Assert.Equal("HardenedDefault", init.Json.GetProperty("recovery_policy").GetString());
        Assert.Equal(JsonValueKind.String, init.Json.GetProperty("recovery_key").ValueKind);
        Assert.Contains("Recovery: hardened, the default of this network's recovery policy (HardenedDefault)", init.Stderr, StringComparison.Ordinal);

        // ...and --passphrase-recovery is the explicit way back to a passphrase copy; both flags at once are a usage error.
        var hugo = new WickrCli(hardenedDefault, Path.Combine(_root, "hugo"), "hugo's long passphrase");
        var both = await hugo.RunAsync("init", Unique("hugo"), "--hardened", "--passphrase-recovery");
        Assert.True(both.ExitCode == 2, both.ToString());
        var asked = await hugo.OkAsync("init", Unique("hugo"), "--passphrase-recovery", "--json");
        Assert.False(asked.Json.GetProperty("hardened").GetBoolean(), asked.ToString());
        Assert.Equal(JsonValueKind.Null, asked.Json.GetProperty("recovery_key").ValueKind);
        Assert.Contains("as you chose (--passphrase-recovery)", asked.Stderr, StringComparison.Ordinal);

        // HardenedOnly: a passphrase copy is refused before anything is asked or registered; plain init is hardened.
        var name = Unique("hedy");
        var hedy = new WickrCli(hardenedOnly, Path.Combine(_root, "hedy"), "hedy's long passphrase");
        var refused = await hedy.RunAsync("init", name, "--passphrase-recovery");
        Assert.True(refused.ExitCode == 7, refused.ToString());
        Assert.Contains("HardenedOnly", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(hedy.StorePath));
        var only = await hedy.OkAsync("init", name, "--json");
        Assert.True(only.Json.GetProperty("hardened").GetBoolean(), only.ToString());
        Assert.Contains("required by this network's recovery policy (HardenedOnly)", only.Stderr, StringComparison.Ordinal);

        // The default network's policy is named too.
        var (_, _, plain) = await InitAsync("pia");
        Assert.Equal("Passphrase", plain.GetProperty("recovery_policy").GetString());
        Assert.False(plain.GetProperty("hardened").GetBoolean());
    }
}
