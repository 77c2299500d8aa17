namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>A send killed (SIGKILL) at each step of the outbox protocol arrives exactly once after a restart.</summary>
public sealed partial class CliProcessTests
{
    [Fact]
    public async Task A_send_killed_before_and_after_the_server_took_it_arrives_exactly_once_after_a_restart()
    {
        var (alice, _, _) = await InitAsync("alice");
        var (bob, bobName, _) = await InitAsync("bob");
        var texts = new List<string>();
        foreach (var point in new[] { "queued", "sent" })
        {
            var text = $"killed at {point}: {Guid.NewGuid():N}";
            texts.Add(text);
            using (var sending = alice.StartPausedAt(point, "send", bobName, text))
            {
                await sending.WaitForStderrAsync("paused at " + point, TimeSpan.FromSeconds(60));
                sending.Kill();
            }
            Assert.Equal(1, (await alice.OkAsync("status", "--json")).Json.GetProperty("outbox").GetInt32());
            if (point == "sent")
            {
                // Bob takes (and acknowledges) the first copy, so the resend is queued anew: only his replay check stops it.
                Assert.Single(Inbox(await bob.OkAsync("inbox", "--json")), m => Text(m) == text);
            }

            // The restart: any command that goes online resends what the outbox kept, under the same message id.
            var restarted = await alice.OkAsync("inbox");
            Assert.Contains("resent", restarted.Stderr, StringComparison.Ordinal);
            Assert.Equal(0, (await alice.OkAsync("status", "--json")).Json.GetProperty("outbox").GetInt32());
        }
        await alice.OkAsync("inbox");
        var inbox = Inbox(await bob.OkAsync("inbox", "--json"));
        Assert.All(texts, text => Assert.Single(inbox, m => Text(m) == text));
        Assert.Equal(texts.Count, inbox.Count);
    }

    [Fact]
    public async Task A_wrong_passphrase_is_refused_and_leaves_the_store_byte_identical()
    {
        var (alice, _, _) = await InitAsync("alice");
        var before = Hash(alice.StorePath);
        var files = Directory.GetFiles(alice.Home);
        foreach (var command in new[] { new[] { "inbox" }, ["status"], ["read", "1"], ["send", "somebody", "hello"] })
        {
            var refused = await alice.RunWithAsync(new Dictionary<string, string> { ["WICKR_PASSPHRASE"] = "not the passphrase" }, command);
            Assert.True(refused.ExitCode == 3, refused.ToString());
            Assert.Contains("wrong passphrase", refused.Stderr, StringComparison.Ordinal);
        }
        Assert.Equal(before, Hash(alice.StorePath));
        Assert.Equal(files, Directory.GetFiles(alice.Home));

        // The owner still gets in; a send to nobody is refused at once and leaves nothing in the outbox.
        await alice.OkAsync("status");
        var toNobody = await alice.RunAsync("send", Unique("nobody"), "hello?");
        Assert.True(toNobody.ExitCode == 6, toNobody.ToString());
        Assert.Equal(0, (await alice.OkAsync("status", "--json")).Json.GetProperty("outbox").GetInt32());
    }
}
