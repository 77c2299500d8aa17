using Azure;
using Azure.Data.Tables;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Grains.Storage.AzureTables;

/// <summary>
/// <see cref="IEphemeralKeyStore"/> on Azure Table storage: partition = node id, one row per key with the
/// zero-padded key id as row key, so a partition query returns keys in id order; the public key is kept whole (134
/// bytes) and only a P-521 point is accepted, and a row in the compressed form of <see cref="EphemeralKeyColumns"/> reads
/// back whole too. A claim is a conditional
/// delete (If-Match: *, the row must exist), so of racing claimers only the one whose delete removed the row wins.
/// </summary>
public sealed class AzureTableEphemeralKeyStore : IEphemeralKeyStore
{
    private const string PublicKeyProperty = "PublicKey";
    private const string SignatureProperty = "Signature";
    private const int Conflict = 409;

    private static readonly string[] RowKeyOnly = ["RowKey"];

    private readonly AzureStorageResource<TableClient> table;

    /// <summary>Creates the store; the table is created on first use if missing.</summary>
    public AzureTableEphemeralKeyStore(TableServiceClient tables, SiloAzureStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        ValidatedOptions.Check(options, SiloAzureStorageOptions.SectionName);
        table = new(tables.GetTableClient(options.EphemeralKeyTableName), (t, ct) => t.CreateIfNotExistsAsync(ct));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">More than 100 keys, a null key or part, a key id twice in the batch, or a public key that is not a P-521 point.</exception>
    /// <exception cref="InvalidOperationException">A key id is already stored for the node; nothing was written.</exception>
    public async Task AddAsync(string nodeId, IReadOnlyList<EphemeralKeyRecord> keys, CancellationToken cancellationToken = default)
    {
        var partition = AzureTableKeys.Partition(nodeId);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count > AzureTableRows.MaxTransactionSize)
        {
            throw new ArgumentException($"At most {AzureTableRows.MaxTransactionSize} keys per batch, got {keys.Count}.", nameof(keys));
        }

        if (keys.Any(k => k?.PublicKey is null || k.Signature is null))
        {
            throw new ArgumentException("A key, its public key or its signature is missing.", nameof(keys));
        }

        if (keys.Select(k => k.KeyId).Distinct().Count() != keys.Count)
        {
            throw new ArgumentException("A key id appears twice in the batch.", nameof(keys));
        }

        if (keys.Count == 0)
        {
            return;
        }

        // Kept whole: silos of the previous release, which serve beside this one during a rolling upgrade, read these
        // rows and hand the bytes to claimers as they are. Checked like the SQL stores' keys, and read in either form,
        // so that a later release can store them compressed.
        foreach (var key in keys)
        {
            EphemeralKeyColumns.PublicKey(key.PublicKey);
        }

        var tableClient = await table.GetAsync(cancellationToken);
        var actions = keys.Select(key => new TableTransactionAction(
            TableTransactionActionType.Add,
            new TableEntity(partition, AzureTableKeys.KeyRow(key.KeyId))
            {
                [PublicKeyProperty] = key.PublicKey,
                [SignatureProperty] = key.Signature,
            }));
        try
        {
            await tableClient.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == Conflict)
        {
            throw new InvalidOperationException("A key id in the batch is already stored for this node; no key was added.", e);
        }
    }

    /// <inheritdoc />
    public async Task<bool> TryRemoveAsync(string nodeId, ulong keyId, CancellationToken cancellationToken = default)
    {
        var partition = AzureTableKeys.Partition(nodeId);
        var tableClient = await table.GetAsync(cancellationToken);

        // One round trip: a delete conditioned on the row existing (If-Match: *). Storage applies deletes of one
        // row one after the other, so only the first racer gets 204 and every later one 404. Key ids are never
        // reused, so no newer row with the same key can be hit.
        return await AzureTableRows.TryDeleteAsync(tableClient, partition, AzureTableKeys.KeyRow(keyId), ETag.All, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EphemeralKeyRecord>> ListAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        var partition = AzureTableKeys.Partition(nodeId);
        var tableClient = await table.GetAsync(cancellationToken);
        var keys = new List<EphemeralKeyRecord>();
        await foreach (var row in AzureTableRows.Partition(tableClient, partition, select: null, cancellationToken))
        {
            keys.Add(new EphemeralKeyRecord(
                AzureTableKeys.ParseKeyRow(row.RowKey),
                EphemeralKeyColumns.PublicKeyFrom(
                    row.GetBinary(PublicKeyProperty) ?? throw new InvalidDataException($"Key row {row.RowKey} has no public key.")),
                row.GetBinary(SignatureProperty) ?? throw new InvalidDataException($"Key row {row.RowKey} has no signature.")));
        }

        return keys;
    }

    /// <inheritdoc />
    public async Task DeleteAllAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        var partition = AzureTableKeys.Partition(nodeId);
        var tableClient = await table.GetAsync(cancellationToken);
        var rows = new List<(string RowKey, ETag ETag)>();
        await foreach (var row in AzureTableRows.Partition(tableClient, partition, RowKeyOnly, cancellationToken))
        {
            rows.Add((row.RowKey, ETag.All));
        }

        await AzureTableRows.DeleteAsync(tableClient, partition, rows, cancellationToken);
    }
}
