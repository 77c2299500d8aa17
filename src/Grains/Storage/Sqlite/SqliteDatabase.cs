using Microsoft.Data.Sqlite;
using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Grains.Storage.Sqlite;

/// <summary>
/// Opens connections to the SQLite file and creates the schema once; a file of an earlier release is brought up to
/// date in place (<c>mailbox_packet.body_hash</c> is added, its rows keep their packets inline; key rows are converted
/// to the compact form of <see cref="EphemeralKeyColumns"/>). WAL mode lets readers
/// run beside the one writer; the busy timeout makes two silos on the same file wait for each other instead of failing.
/// Writes go through <see cref="Writer"/> (group commit on one long-lived connection); reads open pooled connections.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS grain_state (
            service_id TEXT NOT NULL,
            state_name TEXT NOT NULL,
            grain_id   TEXT NOT NULL,
            etag       TEXT NOT NULL,
            payload    BLOB NOT NULL,
            PRIMARY KEY (service_id, state_name, grain_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS mailbox_packet (
            node_id     TEXT    NOT NULL,
            sequence    INTEGER NOT NULL,
            sender_root BLOB    NOT NULL,
            sender_node BLOB    NOT NULL,
            message_id  TEXT    NOT NULL,
            size        INTEGER NOT NULL,
            enqueued_at INTEGER NOT NULL,
            packet      BLOB    NOT NULL,
            body_hash   BLOB,
            PRIMARY KEY (node_id, sequence));
        CREATE UNIQUE INDEX IF NOT EXISTS mailbox_packet_message ON mailbox_packet (node_id, sender_node, message_id);
        CREATE INDEX IF NOT EXISTS mailbox_packet_enqueued ON mailbox_packet (node_id, enqueued_at);
        CREATE TABLE IF NOT EXISTS mailbox_acked (
            node_id     TEXT    NOT NULL,
            sender_node BLOB    NOT NULL,
            message_id  TEXT    NOT NULL,
            sequence    INTEGER NOT NULL,
            enqueued_at INTEGER NOT NULL,
            PRIMARY KEY (node_id, sender_node, message_id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS mailbox_acked_enqueued ON mailbox_acked (node_id, enqueued_at);
        CREATE TABLE IF NOT EXISTS mailbox_body (
            hash BLOB NOT NULL PRIMARY KEY,
            body BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS mailbox_body_ref (
            hash BLOB    NOT NULL PRIMARY KEY,
            refs INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS ephemeral_key (
            node_id    BLOB    NOT NULL,
            key_id     INTEGER NOT NULL,
            public_key BLOB    NOT NULL,
            signature  BLOB    NOT NULL,
            PRIMARY KEY (node_id, key_id)) WITHOUT ROWID;
        """;

    // Key rows of a file from before compact key rows (node_id the 64-character grain key, public keys whole) are
    // copied into the new shape in node and key order (so its pages fill) and the old table is dropped.
    private const string EphemeralKeyUpgrade = """
        CREATE TABLE ephemeral_key_upgraded (
            node_id    BLOB    NOT NULL,
            key_id     INTEGER NOT NULL,
            public_key BLOB    NOT NULL,
            signature  BLOB    NOT NULL,
            PRIMARY KEY (node_id, key_id)) WITHOUT ROWID;
        INSERT INTO ephemeral_key_upgraded (node_id, key_id, public_key, signature)
            SELECT wickr_key_node(node_id), key_id, wickr_key_public_key(public_key), signature
            FROM ephemeral_key ORDER BY node_id, key_id;
        DROP TABLE ephemeral_key;
        ALTER TABLE ephemeral_key_upgraded RENAME TO ephemeral_key;
        """;

    // Every deletion of a row that names a shared body counts it out, in the deleting statement itself (acks,
    // retention, node removal, and whatever deletes rows later): the count can never miss a row, and the body goes
    // with its last row. Created once the column exists (a file from before shared bodies gains it first).
    private const string BodyRelease = """
        CREATE TRIGGER IF NOT EXISTS mailbox_packet_body_release AFTER DELETE ON mailbox_packet
        WHEN OLD.body_hash IS NOT NULL
        BEGIN
            UPDATE mailbox_body_ref SET refs = refs - 1 WHERE hash = OLD.body_hash;
            DELETE FROM mailbox_body WHERE hash = OLD.body_hash
                AND NOT EXISTS (SELECT 1 FROM mailbox_body_ref WHERE hash = OLD.body_hash AND refs > 0);
            DELETE FROM mailbox_body_ref WHERE hash = OLD.body_hash AND refs <= 0;
        END;
        """;

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;
    private readonly Lazy<SqliteGroupCommitWriter> _writer;

    /// <summary>Opens (creating its folder) the database at <paramref name="databasePath"/>.</summary>
    /// <exception cref="InvalidConfigurationException">An option cannot work; the message names it under <see cref="SqliteStorageOptions.SectionName"/>.</exception>
    public SqliteDatabase(string databasePath, SqliteStorageOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentNullException.ThrowIfNull(options);
        ValidatedOptions.Check(options, SqliteStorageOptions.SectionName);
        var path = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        DatabasePath = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
        _pragmas = $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; "
            + $"PRAGMA synchronous = {(options.FullSync ? "FULL" : "NORMAL")}; "
            + $"PRAGMA wal_autocheckpoint = {options.CheckpointPages};";
        Bodies = new PacketBodyCache(options.BodyCacheBytes);
        _writer = new(() => new SqliteGroupCommitWriter(
            () => OpenAsync(CancellationToken.None).GetAwaiter().GetResult(), path, options.MaxWriteBatch));
    }

    public string DatabasePath { get; }

    /// <summary>Packet bodies of this file held in memory, shared by every mailbox that names them.</summary>
    public PacketBodyCache Bodies { get; }

    /// <summary>The one writer of this database: every write joins its next batch.</summary>
    public SqliteGroupCommitWriter Writer => _writer.Value;

    public void Dispose()
    {
        if (_writer.IsValueCreated)
        {
            _writer.Value.Dispose();
        }
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, _pragmas, cancellationToken);
            if (!_schemaReady)
            {
                await EnsureSchemaAsync(connection, cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task EnsureSchemaAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _schemaLock.WaitAsync(cancellationToken);
        try
        {
            if (!_schemaReady)
            {
                await ExecuteAsync(connection, Schema, cancellationToken);
                await AddBodyHashAsync(connection, cancellationToken);
                await UpgradeEphemeralKeysAsync(connection, cancellationToken);
                await ExecuteAsync(connection, BodyRelease, cancellationToken);
                _schemaReady = true;
            }
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    // A file written before packet bodies were shared has no body_hash column: it gains one (null: the packet is in
    // the row), under the write lock so that two silos opening the same file add it once.
    private static async Task AddBodyHashAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var check = connection.CreateCommand();
        check.Transaction = transaction;
        check.CommandText = "SELECT count(*) FROM pragma_table_info('mailbox_packet') WHERE name = 'body_hash';";
        if ((long)(await check.ExecuteScalarAsync(cancellationToken))! == 0)
        {
            await using var add = connection.CreateCommand();
            add.Transaction = transaction;
            add.CommandText = "ALTER TABLE mailbox_packet ADD COLUMN body_hash BLOB;";
            await add.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    // A file written before compact key rows has node_id TEXT: its rows are converted in one transaction, under the
    // write lock, so two silos opening the same file convert it once and no reader sees half of it.
    private static async Task UpgradeEphemeralKeysAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var check = connection.CreateCommand();
        check.Transaction = transaction;
        check.CommandText = "SELECT type FROM pragma_table_info('ephemeral_key') WHERE name = 'node_id';";
        if (await check.ExecuteScalarAsync(cancellationToken) is "TEXT")
        {
            connection.CreateFunction("wickr_key_node", (string nodeId) => EphemeralKeyColumns.Node(nodeId), isDeterministic: true);
            connection.CreateFunction("wickr_key_public_key", (byte[] publicKey) => EphemeralKeyColumns.UpgradedPublicKey(publicKey), isDeterministic: true);
            await using var upgrade = connection.CreateCommand();
            upgrade.Transaction = transaction;
            upgrade.CommandText = EphemeralKeyUpgrade;
            await upgrade.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
