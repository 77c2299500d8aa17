using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary><c>listen</c> costs one store row per arriving message, not a read of the whole store.</summary>
public sealed partial class CliProcessTests
{
    [Fact]
    public async Task Listen_prints_each_arriving_message_from_its_own_row_without_opening_the_rest_of_the_store()
    {
        var (alice, _, _) = await InitAsync("alice");
        var (bob, bobName, _) = await InitAsync("bob");
        await alice.OkAsync("send", bobName, "already in Bob's store");
        Assert.Single(Inbox(await bob.OkAsync("inbox", "--json")));

        // A row the listener has no reason to open is made unreadable: a listener that read the whole store for each
        // message would stop on it.
        using (var db = new SqliteConnection($"Data Source={bob.StorePath};Pooling=False"))
        {
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = "UPDATE messages SET value = randomblob(length(value))";
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        var live = new[] { $"live one {Guid.NewGuid():N}", $"live two {Guid.NewGuid():N}" };
        using (var listening = bob.Start(new Dictionary<string, string>(), "listen", "--count", "2", "--timeout", "60", "--json"))
        {
            await listening.WaitForStderrAsync("listening as", TimeSpan.FromSeconds(60));
            foreach (var text in live)
            {
                await alice.OkAsync("send", bobName, text);
            }
            var heard = await listening.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(heard.ExitCode == 0, heard.ToString());
            var printed = heard.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString());
            Assert.Equal(live, printed);
        }

        // The broken row is really there: listing the whole store meets it.
        var inbox = await bob.RunAsync("inbox", "--offline");
        Assert.True(inbox.ExitCode == 1, inbox.ToString());
        Assert.Contains("Decrypt", inbox.Stderr, StringComparison.Ordinal);
    }
}
