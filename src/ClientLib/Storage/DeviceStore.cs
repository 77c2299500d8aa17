using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.EphemeralKeys;

namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>
/// The paper's encrypted local storage: one SQLite file per device. The only value in the clear that matters is Klds
/// wrapped under the passphrase (<see cref="StoreKeyWrap"/>); the identity, contacts and pins, ephemeral private keys,
/// messages and outbox are each sealed under Klds (<see cref="StoreCipher"/>), and the replay cache holds keyed
/// digests. Deadlines, key ids and mailbox sequences stay in clear columns so that expiry runs in SQL. It is this
/// device's <see cref="IMessageStore"/>: a message is one row, found by its sequence without opening the others.
/// <c>secure_delete</c> overwrites deleted rows, so a used key or a burned message leaves no bytes in free pages;
/// the rollback journal (not WAL) leaves no second copy once a write is done. A wrong passphrase is found from a
/// read-only connection, so a failed open changes no byte of the file. Opening runs the schema's
/// <c>CREATE … IF NOT EXISTS</c>: a file made before a table existed (groups) gains it, empty, and keeps the rest.
/// </summary>
public sealed class DeviceStore : IClientState, Groups.IGroupStore, IDisposable
{
    private const string WrappedKeyName = "klds";
    private readonly SqliteConnection _db;
    private readonly StoreCipher _cipher;
    private readonly byte[] _replayKey;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private bool _disposed;

    private DeviceStore(SqliteConnection db, CipherKey klds, TimeProvider time)
    {
        _db = db;
        _time = time;
        _cipher = new StoreCipher(klds);
        // Replay keys are HMACs under a key of their own, so the file does not show which packets arrived.
        _replayKey = HMACSHA256.HashData(klds.Key, "wickr-device-store/v1|replay"u8);
    }

    /// <summary>The file.</summary>
    public string Path { get; private init; } = string.Empty;

    /// <summary>
    /// Makes a new store at <paramref name="path"/> (which must not exist) whose Klds is wrapped under
    /// <paramref name="passphrase"/> with scrypt cost 2^<paramref name="log2N"/>.
    /// </summary>
    public static DeviceStore Create(string path, CipherKey klds, ReadOnlySpan<char> passphrase, ICryptoSuite suite, int log2N = StoreKeyWrap.DefaultLog2N, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(klds);
        if (File.Exists(path))
        {
            throw new WickrException(WickrError.InvalidState, $"a device store already exists at {path}");
        }
        var wrapped = StoreKeyWrap.Wrap(suite, klds, passphrase, log2N);

        // Made 0600 before SQLite opens it (SQLite gives its journal the database file's mode).
        using (PrivateFiles.Create(path, FileMode.CreateNew))
        {
        }

        var db = Connect(path, SqliteOpenMode.ReadWriteCreate);
        try
        {
            Execute(db, "PRAGMA journal_mode=DELETE");
            Execute(db, Schema);
            using var insert = db.CreateCommand();
            insert.CommandText = "INSERT INTO header(name, value) VALUES ('format', 1), ($name, $value)";
            insert.Parameters.AddWithValue("$name", WrappedKeyName);
            insert.Parameters.AddWithValue("$value", wrapped);
            insert.ExecuteNonQuery();
            return new DeviceStore(db, klds, time ?? TimeProvider.System) { Path = path };
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens the store at <paramref name="path"/>. InvalidState when there is none, WrongPassphrase when the passphrase
    /// does not unwrap Klds (the file is then left exactly as it was), Parse when the file is not a device store.
    /// </summary>
    public static DeviceStore Open(string path, ReadOnlySpan<char> passphrase, ICryptoSuite suite, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new WickrException(WickrError.InvalidState, $"no device store at {path}");
        }
        if (File.Exists(path + "-journal"))
        {
            // A write cut off by a crash left a hot journal; a read-only connection cannot roll it back (and would
            // fail), so one read-write connection finishes the rollback first, as any SQLite opener must.
            using var recovery = Connect(path, SqliteOpenMode.ReadWrite);
            Execute(recovery, "SELECT COUNT(*) FROM header");
        }
        byte[] wrapped;
        using (var reader = Connect(path, SqliteOpenMode.ReadOnly))
        {
            using var select = reader.CreateCommand();
            select.CommandText = "SELECT value FROM header WHERE name = $name";
            select.Parameters.AddWithValue("$name", WrappedKeyName);
            try
            {
                wrapped = select.ExecuteScalar() as byte[] ?? throw new WickrException(WickrError.Parse, $"{path} holds no wrapped storage key");
            }
            catch (SqliteException ex)
            {
                throw new WickrException(WickrError.Parse, $"{path} is not a device store ({ex.SqliteErrorCode})", ex);
            }
        }
        using var klds = StoreKeyWrap.Unwrap(suite, wrapped, passphrase);
        var db = Connect(path, SqliteOpenMode.ReadWrite);
        try
        {
            Execute(db, Schema);
            var store = new DeviceStore(db, klds, time ?? TimeProvider.System) { Path = path };
            store.Purge();
            return store;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    // ---- sealed values (identity, contacts, settings, pool) ----

    /// <summary>Seals and keeps <paramref name="plaintext"/> under <paramref name="name"/>.</summary>
    public void Put(string name, ReadOnlySpan<byte> plaintext)
        => Run("INSERT INTO sealed(name, value) VALUES ($n, $v) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            ("$n", name), ("$v", _cipher.Seal("sealed/" + name, plaintext)));

    /// <summary>The opened value under <paramref name="name"/>, or null. The caller zeroes it.</summary>
    public byte[]? Get(string name)
    {
        var value = Scalar<byte[]>("SELECT value FROM sealed WHERE name = $n", ("$n", name));
        return value is null ? null : _cipher.Open("sealed/" + name, value);
    }

    internal void SaveIdentity(DeviceRecord record)
    {
        var encoded = record.Encode();
        try
        {
            Put("identity", encoded);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encoded);
        }
    }

    internal DeviceRecord LoadIdentity(ICryptoSuite suite)
    {
        var encoded = Get("identity") ?? throw new WickrException(WickrError.InvalidState, "the device store holds no identity");
        try
        {
            return DeviceRecord.Decode(suite, encoded);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encoded);
        }
    }

    /// <summary>The contacts and their pins.</summary>
    public IReadOnlyList<Contact> Contacts()
    {
        var encoded = Get("contacts");
        return encoded is null ? [] : StoreCodec.DecodeContacts(encoded);
    }

    /// <summary>Replaces the contacts.</summary>
    public void SaveContacts(IEnumerable<Contact> contacts) => Put("contacts", StoreCodec.EncodeContacts(contacts));

    // ---- ephemeral keys ----

    /// <inheritdoc />
    public void EphemeralKeysIssued(EphemeralKeyPool pool, IReadOnlyList<ulong> keyIds, bool lastResort)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(keyIds);
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            if (lastResort)
            {
                Run("DELETE FROM ephemeral_keys WHERE last_resort = 1");
            }
            foreach (var id in keyIds)
            {
                var key = pool.Find(id) ?? throw new WickrException(WickrError.UnknownKeyId, $"the pool does not hold key {id}");
                var der = key.ExportDer();
                try
                {
                    Run("INSERT OR REPLACE INTO ephemeral_keys(key_id, last_resort, value) VALUES ($id, $lr, $v)",
                        ("$id", (long)id), ("$lr", lastResort ? 1 : 0), ("$v", _cipher.Seal("ephemeral_keys/" + id, der)));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(der);
                }
            }
            PutNextKeyId(pool.NextKeyId);
            tx.Commit();
        }
    }

    /// <inheritdoc />
    public void EphemeralKeysDropped(IReadOnlyList<ulong> keyIds)
    {
        ArgumentNullException.ThrowIfNull(keyIds);
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            foreach (var id in keyIds)
            {
                Run("DELETE FROM ephemeral_keys WHERE key_id = $id", ("$id", (long)id));
            }
            tx.Commit();
        }
    }

    /// <summary>The pool as stored: every private key still held, ids continuing where they left off; null before any key was issued.</summary>
    public EphemeralKeyPool? LoadPool(ICryptoSuite suite, EcKeyPair nodeKey)
    {
        var next = Get("pool");
        if (next is null)
        {
            return null;
        }
        var pool = new EphemeralKeyPool(suite, nodeKey, BitConverter.ToUInt64(next));
        try
        {
            using var select = _db.CreateCommand();
            select.CommandText = "SELECT key_id, last_resort, value FROM ephemeral_keys ORDER BY key_id";
            using var rows = select.ExecuteReader();
            while (rows.Read())
            {
                var id = (ulong)rows.GetInt64(0);
                var der = _cipher.Open("ephemeral_keys/" + id, (byte[])rows[2]);
                try
                {
                    pool.Import(id, suite.ImportPrivateKey(der), rows.GetInt64(1) == 1);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(der);
                }
            }
            return pool;
        }
        catch
        {
            pool.Dispose();
            throw;
        }
    }

    /// <summary>How many ephemeral private keys the file holds (one-time and last-resort).</summary>
    public long EphemeralKeyCount => Scalar<long>("SELECT COUNT(*) FROM ephemeral_keys");

    // ---- receiving ----

    /// <inheritdoc />
    public bool Accept(ReceivedMessage message, ReadOnlySpan<byte> signedPacketDigest, ulong ephemeralKeyId, bool lastResort)
    {
        ArgumentNullException.ThrowIfNull(message);
        var packetKey = ReplayKey("packet|" + Convert.ToHexStringLower(signedPacketDigest));
        var idKey = ReplayKey("id|" + message.SenderNodeIdentifierHex + "/" + message.MessageId);
        var now = _time.GetUtcNow();
        var stored = StoredMessage.Arrived(message);
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            if (!lastResort)
            {
                Run("DELETE FROM ephemeral_keys WHERE key_id = $id AND last_resort = 0", ("$id", (long)ephemeralKeyId));
            }
            var seen = Scalar<long>("SELECT COUNT(*) FROM replay WHERE digest IN ($a, $b)", ("$a", packetKey), ("$b", idKey));
            if (seen > 0)
            {
                tx.Commit();
                return false;
            }
            Run("INSERT INTO replay(digest, seen_at) VALUES ($a, $t), ($b, $t)", ("$a", packetKey), ("$b", idKey), ("$t", now.ToUnixTimeMilliseconds()));
            var encoded = StoreCodec.EncodeMessage(stored);
            try
            {
                Run("INSERT OR IGNORE INTO messages(sequence, delete_at, burn_seconds, read_at, value) VALUES ($s, $d, $b, NULL, $v)",
                    ("$s", message.Sequence), ("$d", Millis(stored.DeleteAt)), ("$b", (long)Math.Min(stored.BurnOnRead, long.MaxValue)),
                    ("$v", _cipher.Seal("messages/" + message.Sequence, encoded)));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(encoded);
            }
            tx.Commit();
            return true;
        }
    }

    // ---- messages ----

    /// <inheritdoc />
    public int Count => (int)Scalar<long>("SELECT COUNT(*) FROM messages WHERE " + Alive, ("$now", Now));

    /// <inheritdoc />
    public IReadOnlyList<StoredMessage> List(long afterSequence = 0, int maxCount = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        Purge();
        var result = new List<StoredMessage>();
        lock (_gate)
        {
            using var select = _db.CreateCommand();
            select.CommandText = "SELECT sequence, delete_at, read_at, value FROM messages WHERE sequence > $after ORDER BY sequence LIMIT $max";
            select.Parameters.AddWithValue("$after", afterSequence);
            select.Parameters.AddWithValue("$max", maxCount);
            using var rows = select.ExecuteReader();
            while (rows.Read())
            {
                result.Add(OpenMessage(rows.GetInt64(0), rows[1], rows[2], (byte[])rows[3]));
            }
        }
        return result;
    }

    /// <inheritdoc />
    public StoredMessage? Find(long sequence)
    {
        lock (_gate)
        {
            using var select = _db.CreateCommand();
            select.CommandText = "SELECT delete_at, read_at, value FROM messages WHERE sequence = $s AND " + Alive;
            select.Parameters.AddWithValue("$s", sequence);
            select.Parameters.AddWithValue("$now", Now);
            using var rows = select.ExecuteReader();
            return rows.Read() ? OpenMessage(sequence, rows[0], rows[1], (byte[])rows[2]) : null;
        }
    }

    /// <inheritdoc />
    /// <remarks>The first read is written to the file.</remarks>
    public StoredMessage? Read(long sequence)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            var message = Find(sequence);
            if (message is null)
            {
                return null;
            }
            if (message.ReadAt is null)
            {
                var now = _time.GetUtcNow();
                message = message with { ReadAt = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()) };
                message = message with { DeleteAt = MessageLifetime.DeleteAt(message, message.ReadAt) };
                Run("UPDATE messages SET read_at = $r, delete_at = $d WHERE sequence = $s",
                    ("$r", Millis(message.ReadAt)), ("$d", Millis(message.DeleteAt)), ("$s", sequence));
            }
            tx.Commit();
            return message;
        }
    }

    /// <inheritdoc />
    public bool Delete(long sequence) => Run("DELETE FROM messages WHERE sequence = $s", ("$s", sequence)) > 0;

    /// <inheritdoc />
    public int Purge() => Run("DELETE FROM messages WHERE delete_at IS NOT NULL AND delete_at <= $now", ("$now", Now));

    // ---- groups ----

    /// <inheritdoc />
    public IReadOnlyList<Groups.GroupRecord> LoadGroups()
    {
        var result = new List<Groups.GroupRecord>();
        lock (_gate)
        {
            using var select = _db.CreateCommand();
            select.CommandText = "SELECT id, value FROM groups ORDER BY id";
            using var rows = select.ExecuteReader();
            while (rows.Read())
            {
                var plain = _cipher.Open("groups/" + rows.GetString(0), (byte[])rows[1]);
                try
                {
                    result.Add(StoreCodec.DecodeGroup(plain));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(plain);
                }
            }
        }
        return result;
    }

    /// <inheritdoc />
    public void SaveGroup(Groups.GroupRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var encoded = StoreCodec.EncodeGroup(record);
        try
        {
            Run("INSERT INTO groups(id, value) VALUES ($id, $v) ON CONFLICT(id) DO UPDATE SET value = excluded.value",
                ("$id", record.IdHex), ("$v", _cipher.Seal("groups/" + record.IdHex, encoded)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encoded);
        }
    }

    // ---- outbox ----

    /// <summary>Keeps a message for sending until every recipient node accepted it.</summary>
    public void AddToOutbox(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var encoded = StoreCodec.EncodeOutbox(entry);
        try
        {
            Run("INSERT OR REPLACE INTO outbox(message_id, created_at, value) VALUES ($id, $t, $v)",
                ("$id", entry.MessageId), ("$t", entry.CreatedAt.ToUnixTimeMilliseconds()), ("$v", _cipher.Seal("outbox/" + entry.MessageId, encoded)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encoded);
        }
    }

    /// <summary>Forgets a message every recipient node accepted.</summary>
    public void RemoveFromOutbox(string messageId) => Run("DELETE FROM outbox WHERE message_id = $id", ("$id", messageId));

    /// <summary>The messages waiting to be sent, oldest first.</summary>
    public IReadOnlyList<OutboxEntry> Outbox()
    {
        var result = new List<OutboxEntry>();
        lock (_gate)
        {
            using var select = _db.CreateCommand();
            select.CommandText = "SELECT message_id, value FROM outbox ORDER BY created_at, message_id";
            using var rows = select.ExecuteReader();
            while (rows.Read())
            {
                var plain = _cipher.Open("outbox/" + rows.GetString(0), (byte[])rows[1]);
                try
                {
                    result.Add(StoreCodec.DecodeOutbox(plain));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(plain);
                }
            }
        }
        return result;
    }

    /// <summary>Closes the file and zeroes the keys held in memory.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _cipher.Dispose();
            CryptographicOperations.ZeroMemory(_replayKey);
            _db.Dispose();
        }
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS header(name TEXT PRIMARY KEY, value BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS sealed(name TEXT PRIMARY KEY, value BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS ephemeral_keys(key_id INTEGER PRIMARY KEY, last_resort INTEGER NOT NULL, value BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS messages(sequence INTEGER PRIMARY KEY, delete_at INTEGER, burn_seconds INTEGER NOT NULL, read_at INTEGER, value BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS messages_by_delete_at ON messages(delete_at);
        CREATE TABLE IF NOT EXISTS outbox(message_id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, value BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS replay(digest BLOB PRIMARY KEY, seen_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS groups(id TEXT PRIMARY KEY, value BLOB NOT NULL);
        """;

    private static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        if (mode != SqliteOpenMode.ReadOnly)
        {
            // Deleted rows are overwritten with zeros: no used key or burned message survives in a free page.
            Execute(connection, "PRAGMA secure_delete=ON");
        }
        return connection;
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private StoredMessage OpenMessage(long sequence, object deleteAt, object readAt, byte[] value)
    {
        var plain = _cipher.Open("messages/" + sequence, value);
        try
        {
            return StoreCodec.DecodeMessage(plain, At(deleteAt), At(readAt));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static DateTimeOffset? At(object value) => value is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private void PutNextKeyId(ulong next) => Put("pool", BitConverter.GetBytes(next));

    private byte[] ReplayKey(string what) => HMACSHA256.HashData(_replayKey, System.Text.Encoding.UTF8.GetBytes(what));

    private int Run(string sql, params (string Name, object? Value)[] parameters)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var command = _db.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }
            return command.ExecuteNonQuery();
        }
    }

    private T? Scalar<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var command = _db.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }
            var result = command.ExecuteScalar();
            return result is DBNull or null ? default : (T)result;
        }
    }

    // A message row still alive at $now: an expired one is never returned, whether or not a purge ran.
    private const string Alive = "(delete_at IS NULL OR delete_at > $now)";

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static object Millis(DateTimeOffset? at) => (object?)at?.ToUnixTimeMilliseconds() ?? DBNull.Value;
}
