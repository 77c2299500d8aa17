using Microsoft.Data.Sqlite;

namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>Time to live and burn-on-read are enforced in the file: the rows go, and secure_delete leaves no bytes of them.</summary>
public sealed partial class CliProcessTests
{
    [Fact]
    public async Task A_ttl_message_is_gone_from_the_file_after_expiry_and_a_burn_on_read_one_after_reading()
    {
        var (alice, _, _) = await InitAsync("alice");
        var (bob, bobName, _) = await InitAsync("bob");
        var kept = $"kept: {Guid.NewGuid():N}";
        var expiring = $"expires: {Guid.NewGuid():N}";
        var burning = $"burns: {Guid.NewGuid():N}";
        async Task<string> SendAsync(params string[] arguments)
            => (await alice.OkAsync(["send", bobName, .. arguments, "--json"])).Json.GetProperty("message_id").GetString()!;
        var keptMessage = await SendAsync(kept);
        var burningMessage = await SendAsync(burning, "--burn", "1");
        // Last, so the one command between sending and fetching it is all its time to live has to cover.
        var expiringMessage = await SendAsync(expiring, "--ttl", "10s");
        var inbox = Inbox(await bob.OkAsync("inbox", "--json"));
        Assert.True(inbox.Count == 3, string.Join("\n", inbox));
        long IdOf(string messageId) => inbox.Single(m => m.GetProperty("message_id").GetString() == messageId).GetProperty("id").GetInt64();
        var keptId = IdOf(keptMessage);
        var expiringId = IdOf(expiringMessage);
        var burningId = IdOf(burningMessage);
        Assert.Equal(kept, Text(inbox.Single(m => m.GetProperty("id").GetInt64() == keptId)));
        Assert.Equal(expiring, Text(inbox.Single(m => m.GetProperty("id").GetInt64() == expiringId)));
        Assert.Null(Text(inbox.Single(m => m.GetProperty("id").GetInt64() == burningId)));

        // The sealed rows as they are on disk now, to look for after they are deleted.
        var sealedRows = SealedMessages(bob.StorePath);
        Assert.Equal(3, sealedRows.Count);

        var read = (await bob.OkAsync("read", burningId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json")).Json;
        Assert.Equal(burning, Text(read));
        var deleteAt = inbox.Single(m => m.GetProperty("id").GetInt64() == expiringId).GetProperty("delete_at").GetDateTimeOffset();
        var wait = deleteAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300);
        await Task.Delay(wait > TimeSpan.FromSeconds(1.5) ? wait : TimeSpan.FromSeconds(1.5));

        var after = Inbox(await bob.OkAsync("inbox", "--offline", "--json"));
        Assert.Equal([keptId], after.Select(m => m.GetProperty("id").GetInt64()));
        var unread = await bob.RunAsync("read", burningId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(6, unread.ExitCode);
        var file = await File.ReadAllBytesAsync(bob.StorePath);
        Assert.False(Contains(file, sealedRows[expiringId]), "the expired message's sealed row is still in the file");
        Assert.False(Contains(file, sealedRows[burningId]), "the burned message's sealed row is still in the file");
        // The control: the search finds the row that is still there.
        Assert.True(Contains(file, sealedRows[keptId]));
        Assert.False(File.Exists(bob.StorePath + "-journal"));
    }

    private static Dictionary<long, byte[]> SealedMessages(string path)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        db.Open();
        using var select = db.CreateCommand();
        select.CommandText = "SELECT sequence, value FROM messages";
        using var rows = select.ExecuteReader();
        var result = new Dictionary<long, byte[]>();
        while (rows.Read())
        {
            result[rows.GetInt64(0)] = (byte[])rows[1];
        }
        return result;
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
