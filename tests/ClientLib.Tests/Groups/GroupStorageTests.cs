using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Groups;
using Wickr.Cluster.ClientLib.Storage;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.ClientLib.Tests.Groups;

/// <summary>Groups in the device store: sealed, kept across a reopen, and a store made before groups existed gains the table.</summary>
public sealed class GroupStorageTests : IDisposable
{
    private const string Passphrase = "correct horse battery staple";
    private readonly string _folder = Directory.CreateTempSubdirectory("wickr-groups-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-07T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly CipherKey _klds = CipherKey.Generate();

    private string Db => Path.Combine(_folder, "device.db");

    public void Dispose()
    {
        _klds.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static GroupMember Member(string name) => new(Convert.ToHexStringLower(GroupState.RootOf(name)), name);

    [Fact]
    public void A_group_survives_a_reopen_sealed_and_an_older_store_gains_the_table()
    {
        using (var store = DeviceStore.Create(Db, _klds, Passphrase, P521Suite.Instance, StoreKeyWrap.MinimumLog2N, _time))
        {
            // A file as it was before groups: no such table.
            Assert.Empty(store.LoadGroups());
        }
        using (var raw = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            raw.Open();
            using var drop = raw.CreateCommand();
            drop.CommandText = "DROP TABLE groups";
            drop.ExecuteNonQuery();
        }
        var state = GroupState.Create("night shift", GroupKind.Room, [Member("alice"), Member("bob")], [Member("alice").RootIdentifierHex], new GroupSettings(3600, 10, true));
        using (var store = DeviceStore.Open(Db, Passphrase, P521Suite.Instance, _time))
        {
            Assert.Empty(store.LoadGroups());
            var book = new GroupBook(store, Member("alice").RootIdentifierHex);
            book.Commit(new GroupControl(GroupChange.Create, Member("alice").RootIdentifierHex, state, _time.GetUtcNow()), "m-1");
        }
        Assert.DoesNotContain("night shift"u8.ToArray(), ChunksOf(File.ReadAllBytes(Db)));
        using (var store = DeviceStore.Open(Db, Passphrase, P521Suite.Instance, _time))
        {
            var record = Assert.Single(new GroupBook(store, Member("alice").RootIdentifierHex).All);
            Assert.Equal(state.IdHex, record.IdHex);
            Assert.Equal("night shift", record.Name);
            Assert.Equal(GroupKind.Room, record.Current.Kind);
            Assert.Equal(new GroupSettings(3600, 10, true), record.Current.Settings);
            Assert.Equal(new GroupStamp(1, Member("alice").RootIdentifierHex, "m-1"), record.Stamp);
            Assert.Equal(GroupStatus.Member, record.Status);
        }
    }

    [Fact]
    public void An_outbox_entry_keeps_its_channel_tag()
    {
        using var store = DeviceStore.Create(Db, _klds, Passphrase, P521Suite.Instance, StoreKeyWrap.MinimumLog2N, _time);
        var tag = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
        store.AddToOutbox(new OutboxEntry("m-1", ["aa"], 5, 0, TextBody.ContentType, [1], _time.GetUtcNow()) { ChannelTag = tag });
        store.AddToOutbox(new OutboxEntry("m-2", ["aa"], 5, 0, TextBody.ContentType, [1], _time.GetUtcNow().AddSeconds(1)));
        var entries = store.Outbox();
        Assert.Equal(tag, entries[0].ChannelTag);
        Assert.Empty(entries[1].ChannelTag);
    }

    // The file, searched for a byte string (for a name that must not be readable).
    private static IEnumerable<byte[]> ChunksOf(byte[] file)
    {
        var needle = "night shift"u8.ToArray();
        for (var i = 0; i + needle.Length <= file.Length; i++)
        {
            if (file.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                yield return needle;
            }
        }
    }
}
