namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>
/// The invited user: a gateway that registers by invitation, an operator key and a token made by the real
/// <c>wickr-admin</c>, and <c>wickr init --registration-token</c> (or WICKR_REGISTRATION_TOKEN) against it.
/// </summary>
public sealed partial class CliProcessTests
{
    [Fact]
    public async Task An_invited_user_registers_with_the_operators_token_and_a_stranger_is_told_what_is_missing()
    {
        var operatorDir = Directory.CreateDirectory(Path.Combine(_root, "operator")).FullName;
        var keyRun = await BuiltTool.AdminAsync(operatorDir, "operator-key", "operator.key");
        Assert.True(keyRun.ExitCode == 0, keyRun.ToString());
        var invite = await fixture.Cluster.StartGatewayAsync(new Dictionary<string, string>
        {
            ["Gateway__Registration__Policy"] = "Invite",
            ["Gateway__Registration__OperatorPublicKey"] = keyRun.Stdout.Trim(),
        });
        var server = "http://" + invite.Target;
        async Task<string> TokenAsync()
        {
            var run = await BuiltTool.AdminAsync(operatorDir, "issue-token", "operator.key", "--valid", "1");
            Assert.True(run.ExitCode == 0, run.ToString());
            return run.Stdout.Trim();
        }

        // Without a token: exit 7 and the words that say what to do; nothing left behind.
        var stranger = new WickrCli(server, Path.Combine(_root, "stranger"), "stranger's passphrase");
        var refused = await stranger.RunAsync("init", Unique("stranger"));
        Assert.True(refused.ExitCode == 7, refused.ToString());
        Assert.Contains("--registration-token", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(stranger.StorePath));
        var garbled = await stranger.RunAsync("init", Unique("stranger"), "--registration-token", "not a token!");
        Assert.True(garbled.ExitCode == 2, garbled.ToString());

        // With the operator's token, on the command line and through the environment.
        var name = Unique("ivy");
        var ivy = new WickrCli(server, Path.Combine(_root, "ivy"), "ivy's passphrase");
        var token = await TokenAsync();
        var init = (await ivy.OkAsync("init", name, "--registration-token", token, "--json")).Json;
        Assert.Equal(name, init.GetProperty("user").GetString());
        var replayed = await stranger.RunAsync("init", Unique("stranger"), "--registration-token", token);
        Assert.True(replayed.ExitCode == 7, replayed.ToString());
        Assert.Contains("registration token", replayed.Stderr, StringComparison.Ordinal);

        var jack = new WickrCli(server, Path.Combine(_root, "jack"), "jack's passphrase");
        var jackName = Unique("jack");
        var viaEnvironment = await jack.RunWithAsync(new Dictionary<string, string> { ["WICKR_REGISTRATION_TOKEN"] = await TokenAsync() }, "init", jackName);
        Assert.True(viaEnvironment.ExitCode == 0, viaEnvironment.ToString());

        // The invited users talk like any others.
        await ivy.OkAsync("send", jackName, "welcome aboard");
        var inbox = Inbox(await jack.OkAsync("inbox", "--json"));
        Assert.Equal("welcome aboard", Text(Assert.Single(inbox)));
    }

    [Fact]
    public async Task A_token_issued_for_one_name_registers_that_name_however_typed_and_no_other()
    {
        var operatorDir = Directory.CreateDirectory(Path.Combine(_root, "operator-bound")).FullName;
        var keyRun = await BuiltTool.AdminAsync(operatorDir, "operator-key", "operator.key");
        Assert.True(keyRun.ExitCode == 0, keyRun.ToString());
        var invite = await fixture.Cluster.StartGatewayAsync(new Dictionary<string, string>
        {
            ["Gateway__Registration__Policy"] = "Invite",
            ["Gateway__Registration__OperatorPublicKey"] = keyRun.Stdout.Trim(),
        });
        var server = "http://" + invite.Target;
        var name = Unique("nora");
        var issued = await BuiltTool.AdminAsync(operatorDir, "issue-token", "operator.key", "--user", name.ToUpperInvariant());
        Assert.True(issued.ExitCode == 0, issued.ToString());
        Assert.Contains($"only for the user name {name}", issued.Stderr, StringComparison.Ordinal);
        var token = issued.Stdout.Trim();

        // Someone else holding Nora's token: refused, nothing left behind, the token still unused.
        var squatter = new WickrCli(server, Path.Combine(_root, "squatter"), "squatter's passphrase");
        var refused = await squatter.RunAsync("init", Unique("squatter"), "--registration-token", token);
        Assert.True(refused.ExitCode == 7, refused.ToString());
        Assert.Contains("invites another user name", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(squatter.StorePath));

        // Nora, typing her name with a capital and a trailing space, registers and is stored under the normalised name.
        var nora = new WickrCli(server, Path.Combine(_root, "nora"), "nora's passphrase");
        var init = (await nora.OkAsync("init", char.ToUpperInvariant(name[0]) + name[1..] + " ", "--registration-token", token, "--json")).Json;
        Assert.Equal(name, init.GetProperty("user").GetString());

        var both = await BuiltTool.AdminAsync(operatorDir, "issue-token", "operator.key", "--user", name, "--uses", "2");
        Assert.True(both.ExitCode == 2, both.ToString());
    }

    [Fact]
    public async Task A_taken_name_is_refused_in_plain_words()
    {
        var (_, name, _) = await InitAsync("kim");
        var other = Device("kim-other", Wickr.Cluster.Testing.TestPassphrases.OtherStrong);
        var taken = await other.RunAsync("init", name);
        Assert.True(taken.ExitCode == 7, taken.ToString());
        Assert.Contains($"the name {name} is taken", taken.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("AlreadyExists", taken.Stderr, StringComparison.Ordinal);
    }
}
