using System.Text.Json;

namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>
/// Three users and a group, through the binary: made by Alice with a default time to live, messages from two members
/// reach every other member's devices (Bob's second one included), a removed member gets nothing afterwards and can no
/// longer send, and every device honours the group's time to live.
/// </summary>
public sealed partial class CliProcessTests
{
    [Fact]
    public async Task Three_users_in_a_group_talk_a_removed_member_gets_nothing_after_and_the_groups_ttl_holds_everywhere()
    {
        var (alice, aliceName, _) = await InitAsync("alice");
        var (bob, bobName, _) = await InitAsync("bob");
        var (carol, carolName, _) = await InitAsync("carol");
        var bob2 = Device("bob2", bob.Passphrase);
        await bob2.OkAsync("recover", bobName, "--json");
        var group = $"team-{Guid.NewGuid():N}"[..12];

        var created = (await alice.OkAsync("group", "create", group, bobName, carolName, "--ttl", "3600", "--json")).Json;
        Assert.True(created.GetProperty("all_queued").GetBoolean());
        Assert.Equal([aliceName, bobName, carolName], created.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).Order(StringComparer.Ordinal));
        // Nobody verified anybody yet: every other member is flagged.
        Assert.Equal([bobName, carolName], created.GetProperty("unverified").EnumerateArray().Select(m => m.GetString()!).Order(StringComparer.Ordinal));

        var fromAlice = $"alice to the group {Guid.NewGuid():N}";
        var sentByAlice = (await alice.OkAsync("send", "--group", group, fromAlice, "--json")).Json;
        Assert.Equal(group, sentByAlice.GetProperty("group").GetString());
        // Bob's send first applies the group he was told about, then goes to everyone (his own other device included).
        var fromBob = $"bob to the group {Guid.NewGuid():N}";
        Assert.True((await bob.OkAsync("send", "--group", group, fromBob, "--json")).Json.GetProperty("all_queued").GetBoolean());

        foreach (var (device, expected) in new[] { (alice, new[] { fromBob }), (bob, new[] { fromAlice }), (bob2, new[] { fromAlice, fromBob }), (carol, new[] { fromAlice, fromBob }) })
        {
            var inbox = Inbox(await device.OkAsync("inbox", "--json"));
            foreach (var text in expected)
            {
                var message = Assert.Single(inbox, m => Text(m) == text);
                Assert.Equal(group, message.GetProperty("group").GetString());
                // The group's default time to live, counted from the signed send time on every device.
                Assert.Equal(3600UL, message.GetProperty("ttl").GetUInt64());
                Assert.Equal(message.GetProperty("sent_at").GetDateTimeOffset().AddSeconds(3600), message.GetProperty("delete_at").GetDateTimeOffset());
            }
        }

        // Alice removes Carol; what is sent afterwards reaches Bob's devices and not Carol's.
        var removed = (await alice.OkAsync("group", "remove", group, carolName, "--json")).Json;
        Assert.Equal(2, removed.GetProperty("members").GetArrayLength());
        var afterAlice = $"after carol, alice {Guid.NewGuid():N}";
        var afterBob = $"after carol, bob {Guid.NewGuid():N}";
        await alice.OkAsync("send", "--group", group, afterAlice);
        await bob.OkAsync("send", "--group", group, afterBob);

        var carolInbox = Inbox(await carol.OkAsync("inbox", "--json"));
        Assert.DoesNotContain(carolInbox, m => Text(m) is { } t && (t == afterAlice || t == afterBob));
        Assert.Contains(carolInbox, m => Text(m) is { } t && t.Contains("removed", StringComparison.Ordinal) && m.GetProperty("group").GetString() == group);
        var carolView = (await carol.OkAsync("group", "show", group, "--json")).Json;
        Assert.Equal("removed", carolView.GetProperty("status").GetString());
        var refused = await carol.RunAsync("send", "--group", group, "still here?");
        Assert.True(refused.ExitCode == 4, refused.ToString());
        Assert.Single(Inbox(await bob2.OkAsync("inbox", "--json")), m => Text(m) == afterAlice);
        Assert.Single(Inbox(await alice.OkAsync("inbox", "--json")), m => Text(m) == afterBob);

        // Bob's view: two members, nobody verified; after `verify --confirm` Alice is no longer flagged.
        var show = (await bob.OkAsync("group", "show", group, "--json")).Json;
        Assert.Equal("group", show.GetProperty("kind").GetString());
        Assert.Equal(3600UL, show.GetProperty("ttl").GetUInt64());
        var members = show.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("user").GetString()!, m => m.GetProperty("verified").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { [aliceName] = false, [bobName] = true }, members);
        await bob.OkAsync("verify", aliceName, "--confirm");
        Assert.True((await bob.OkAsync("group", "show", group, "--offline", "--json")).Json.GetProperty("members").EnumerateArray()
            .Single(m => m.GetProperty("user").GetString() == aliceName).GetProperty("verified").GetBoolean());
        var list = (await bob.OkAsync("group", "list", "--offline", "--json")).Json;
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        Assert.Single(list.EnumerateArray(), g => g.GetProperty("name").GetString() == group && g.GetProperty("status").GetString() == "member");
    }
}
