using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Wickr.Cluster.ClientLib;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Storage;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.ClientLib.Tests.Storage;

/// <summary>The device store on its own: passphrase, sealing, replay cache, expiry, key persistence; each attack with the victim still working. Its message store is checked with the in-memory one by <see cref="Messages.MessageStoreContract"/>.</summary>
public sealed class DeviceStoreTests : IDisposable
{
    private const string Passphrase = "correct horse battery staple";
    private readonly string _folder = Directory.CreateTempSubdirectory("wickr-store-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly CipherKey _klds = CipherKey.Generate();

    private string PathOf(string name) => Path.Combine(_folder, name);

    public void Dispose()
    {
        _klds.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private DeviceStore Create(string name = "device.db") => DeviceStore.Create(PathOf(name), _klds, Passphrase, P521Suite.Instance, StoreKeyWrap.MinimumLog2N, _time);

    private DeviceStore Open(string name = "device.db", string passphrase = Passphrase) => DeviceStore.Open(PathOf(name), passphrase, P521Suite.Instance, _time);

    private ReceivedMessage Message(long sequence, string id, ulong ttl = 0, ulong burn = 0, string text = "hello there", string node = "aa")
        => new(sequence, id, "root", node, new PlainMessage(new PacketMetadata(ttl, burn, [], TextBody.ContentType), TextBody.Encode(_time.GetUtcNow(), text)),
            _time.GetUtcNow(), PinStatus.Matches, false);

    private static byte[] Digest(string what) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(what));

    [Fact]
    public void A_wrong_passphrase_is_refused_and_changes_no_byte_and_the_right_one_opens()
    {
        using (var store = Create())
        {
            store.Put("settings", [1, 2, 3]);
        }
        var before = File.ReadAllBytes(PathOf("device.db"));
        var error = Assert.Throws<WickrException>(() => Open(passphrase: "wrong"));
        Assert.Equal(WickrError.WrongPassphrase, error.Error);
        Assert.Equal(before, File.ReadAllBytes(PathOf("device.db")));
        Assert.Single(Directory.GetFiles(_folder));
        using var reopened = Open();
        Assert.Equal([1, 2, 3], reopened.Get("settings"));
    }

    [Fact]
    public void A_header_asking_for_an_absurd_scrypt_cost_is_refused_before_any_derivation()
    {
        using (Create())
        {
        }
        using (var db = new SqliteConnection($"Data Source={PathOf("device.db")};Pooling=False"))
        {
            db.Open();
            using var command = db.CreateCommand();
            // Byte 1 of the wrapped key is log2 N: 40 would ask for 2^40 blocks of memory.
            command.CommandText = "UPDATE header SET value = CAST(substr(value, 1, 1) || X'28' || substr(value, 3) AS BLOB) WHERE name = 'klds'";
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => Open()).Error);
    }

    [Fact]
    public void A_sealed_row_moved_to_another_row_does_not_open_and_the_rest_still_reads()
    {
        using (var store = Create())
        {
            Assert.True(store.Accept(Message(1, "m1", text: "first message"), Digest("p1"), 1, false));
            Assert.True(store.Accept(Message(2, "m2", text: "second message"), Digest("p2"), 2, false));
        }
        using (var db = new SqliteConnection($"Data Source={PathOf("device.db")};Pooling=False"))
        {
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = "UPDATE messages SET value = (SELECT value FROM messages WHERE sequence = 1) WHERE sequence = 2";
            command.ExecuteNonQuery();
        }
        using var reopened = Open();
        Assert.Equal(WickrError.Decrypt, Assert.Throws<WickrException>(() => reopened.Read(2)).Error);
        Assert.Equal("first message", reopened.Read(1)!.Text);
    }

    [Fact]
    public void The_replay_cache_rejects_the_same_signed_packet_and_the_same_sender_message_id_after_a_reopen()
    {
        using (var store = Create())
        {
            Assert.True(store.Accept(Message(1, "m1"), Digest("packet"), 7, lastResort: true));
        }
        using var reopened = Open();
        // The server replays the packet under a new message id (the id is not signed) ...
        Assert.False(reopened.Accept(Message(2, "other-id"), Digest("packet"), 7, lastResort: true));
        // ... or the sender's resend under the same id arrives as a new packet.
        Assert.False(reopened.Accept(Message(3, "m1"), Digest("re-encrypted"), 8, lastResort: false));
        Assert.Single(reopened.List());
        // A new message still gets in.
        Assert.True(reopened.Accept(Message(4, "m4"), Digest("new packet"), 9, lastResort: false));
        Assert.Equal(2, reopened.List().Count);
    }

    [Fact]
    public void Ephemeral_private_keys_are_kept_until_used_and_the_pool_continues_its_ids_after_a_reopen()
    {
        using var nodeKey = P521Suite.Instance.GenerateKeyPair();
        ulong used;
        using (var store = Create())
        using (var pool = new EphemeralKeyPool(P521Suite.Instance, nodeKey))
        {
            var keys = pool.Generate(3);
            store.EphemeralKeysIssued(pool, [.. keys.Select(k => k.KeyId)], lastResort: false);
            store.EphemeralKeysIssued(pool, [pool.GenerateLastResort().KeyId], lastResort: true);
            used = keys[0].KeyId;
            Assert.True(store.Accept(Message(1, "m1"), Digest("p1"), used, false));
            Assert.Equal(3, store.EphemeralKeyCount);
        }
        using var reopened = Open();
        using var restored = reopened.LoadPool(P521Suite.Instance, nodeKey)!;
        Assert.Null(restored.Find(used));
        Assert.Equal(2, restored.Count);
        Assert.Equal(4UL, restored.LastResortKeyId);
        Assert.Equal(5UL, restored.NextKeyId);
    }

    [Fact]
    public void The_outbox_keeps_a_message_until_it_is_removed_across_a_reopen()
    {
        var entry = new OutboxEntry("id-1", ["ab", "cd"], 30, 0, TextBody.ContentType, TextBody.Encode(_time.GetUtcNow(), "pending"), _time.GetUtcNow());
        using (var store = Create())
        {
            store.AddToOutbox(entry);
        }
        using var reopened = Open();
        var kept = Assert.Single(reopened.Outbox());
        Assert.Equal(entry.MessageId, kept.MessageId);
        Assert.Equal(entry.RecipientRootIdentifiersHex, kept.RecipientRootIdentifiersHex);
        Assert.Equal(entry.Body, kept.Body);
        reopened.RemoveFromOutbox("id-1");
        Assert.Empty(reopened.Outbox());
    }

    [Fact]
    public void A_deleted_message_leaves_no_byte_of_its_sealed_row_in_the_file()
    {
        byte[] sealedRow;
        using (var store = Create())
        {
            Assert.True(store.Accept(Message(1, "m1", ttl: 5), Digest("p1"), 1, false));
            Assert.True(store.Accept(Message(2, "m2"), Digest("p2"), 2, false));
        }
        using (var db = new SqliteConnection($"Data Source={PathOf("device.db")};Mode=ReadOnly;Pooling=False"))
        {
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = "SELECT value FROM messages WHERE sequence = 1";
            sealedRow = (byte[])command.ExecuteScalar()!;
        }
        Assert.True(File.ReadAllBytes(PathOf("device.db")).AsSpan().IndexOf(sealedRow) >= 0);
        _time.Advance(TimeSpan.FromSeconds(6));
        using (Open())
        {
        }
        Assert.True(File.ReadAllBytes(PathOf("device.db")).AsSpan().IndexOf(sealedRow) < 0);
    }

    [Fact]
    public void A_store_left_with_a_hot_journal_by_a_crash_mid_write_opens_in_its_state_before_that_write()
    {
        using (var store = Create())
        {
            Assert.True(store.Accept(Message(1, "m1", text: "before the crash"), Digest("p1"), 1, false));
        }
        // A crash mid-write: copy the database and its journal while a large transaction is open and spilling pages.
        using (var db = new SqliteConnection($"Data Source={PathOf("device.db")};Pooling=False"))
        {
            db.Open();
            using var setup = db.CreateCommand();
            setup.CommandText = "PRAGMA cache_size=10";
            setup.ExecuteNonQuery();
            using var transaction = db.BeginTransaction();
            using var insert = db.CreateCommand();
            insert.CommandText = "INSERT INTO messages(sequence, delete_at, burn_seconds, read_at, value) VALUES ($s, NULL, 0, NULL, randomblob(4000))";
            var sequence = insert.Parameters.Add("$s", SqliteType.Integer);
            for (var i = 100; i < 400; i++)
            {
                sequence.Value = i;
                insert.ExecuteNonQuery();
            }
            Assert.True(File.Exists(PathOf("device.db-journal")));
            File.Copy(PathOf("device.db"), PathOf("crashed.db"));
            File.Copy(PathOf("device.db-journal"), PathOf("crashed.db-journal"));
            transaction.Rollback();
        }
        using var reopened = Open("crashed.db");
        Assert.Equal("before the crash", Assert.Single(reopened.List()).Text);
        Assert.False(File.Exists(PathOf("crashed.db-journal")));
    }
}
