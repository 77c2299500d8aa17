using Microsoft.Data.Sqlite;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Storage;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.ClientLib.Tests.Messages;

/// <summary>The device store as a message store: the contract, and what only the file does (one row per message, deadlines that outlive a reopen).</summary>
public sealed class DeviceStoreMessageTests : MessageStoreContract
{
    private const string Passphrase = "correct horse battery staple";
    private readonly string _folder = Directory.CreateTempSubdirectory("wickr-messages-").FullName;
    private readonly CipherKey _klds = CipherKey.Generate();
    private DeviceStore _store;

    public DeviceStoreMessageTests() => _store = DeviceStore.Create(PathOf, _klds, Passphrase, P521Suite.Instance, StoreKeyWrap.MinimumLog2N, Time);

    protected override IClientState Store => _store;

    private string PathOf => Path.Combine(_folder, "device.db");

    public override void Dispose()
    {
        _store.Dispose();
        _klds.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        base.Dispose();
    }

    private void Reopen()
    {
        _store.Dispose();
        _store = DeviceStore.Open(PathOf, Passphrase, P521Suite.Instance, Time);
    }

    private long Rows()
    {
        using var db = new SqliteConnection($"Data Source={PathOf};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM messages";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public void Find_opens_only_its_own_row()
    {
        Assert.True(Keep(Text(1, "first")));
        Assert.True(Keep(Text(2, "second")));
        using (var db = new SqliteConnection($"Data Source={PathOf};Pooling=False"))
        {
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = "UPDATE messages SET value = randomblob(length(value)) WHERE sequence = 1";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        // Listing opens every row and meets the broken one; finding the other does not.
        Assert.Equal(WickrError.Decrypt, Assert.Throws<WickrException>(() => _store.List()).Error);
        Assert.Equal("second", _store.Find(2)!.Text);
        Assert.Equal(WickrError.Decrypt, Assert.Throws<WickrException>(() => _store.Find(1)).Error);
        Assert.Equal(2, _store.Count);
    }

    [Fact]
    public void An_expired_row_stays_in_the_file_until_a_purge_and_a_reopen_purges()
    {
        Assert.True(Keep(Text(1, "short", ttl: 5)));
        Assert.True(Keep(Text(2, "short too", ttl: 5)));
        Assert.True(Keep(Text(3, "lasting")));
        Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(_store.Find(1));
        Assert.Equal(3, Rows());
        Assert.True(_store.Delete(2));
        Assert.Equal(1, _store.Purge());
        Assert.Equal(1, Rows());

        Assert.True(Keep(Text(4, "short", ttl: 5)));
        Time.Advance(TimeSpan.FromSeconds(5));
        Reopen();
        Assert.Equal(1, Rows());
    }

    [Fact]
    public void The_first_read_is_written_to_the_file_and_the_burn_countdown_survives_a_reopen()
    {
        Assert.True(Keep(Text(1, "burn me", burn: 10)));
        var firstRead = Time.GetUtcNow();
        Assert.NotNull(_store.Read(1));
        Reopen();
        Time.Advance(TimeSpan.FromSeconds(4));
        var again = _store.Read(1)!;
        Assert.Equal(firstRead, again.ReadAt);
        Assert.Equal(firstRead.AddSeconds(10), again.DeleteAt);
        Time.Advance(TimeSpan.FromSeconds(6));
        Reopen();
        Assert.Null(_store.Find(1));
        Assert.Equal(0, Rows());
    }
}
