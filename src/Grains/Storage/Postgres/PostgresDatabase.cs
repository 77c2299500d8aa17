using Npgsql;
using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Grains.Storage.Postgres;

/// <summary>
/// The database of Postgres mode as one silo uses it: a pooled <see cref="NpgsqlDataSource"/> (reads, file chunks,
/// Orleans' providers) and the <see cref="Writer"/> of mailbox and key-pool writes. Every connection it opens runs
/// with <c>synchronous_commit=on</c>, whatever the server's default: a write acknowledged to a caller is in the
/// server's flushed WAL.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly Lazy<PostgresGroupCommitWriter> _writer;

    /// <summary>Opens nothing yet: connections are made on first use.</summary>
    /// <param name="options">The connection string and write batch size (section <see cref="SiloPostgresOptions.SectionName"/>).</param>
    /// <exception cref="InvalidConfigurationException">The connection string is missing or not one Npgsql reads, or an option cannot work.</exception>
    public PostgresDatabase(SiloPostgresOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidatedOptions.Check(options, SiloPostgresOptions.SectionName);
        DataSource = CreateDataSource(options.ConnectionString);
        _writer = new(() => new PostgresGroupCommitWriter(DataSource, options.MaxWriteBatch));
    }

    /// <summary>The pooled connections to the database.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>The connection string every connection of <see cref="DataSource"/> uses (with the commit setting in force).</summary>
    public string ConnectionString => DataSource.ConnectionString;

    internal PostgresGroupCommitWriter Writer => _writer.Value;

    /// <summary>
    /// A pooled data source for <paramref name="connectionString"/> whose connections run with <c>synchronous_commit=on</c>.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <returns>The data source (the caller disposes it).</returns>
    /// <exception cref="InvalidConfigurationException">The connection string is missing or not one Npgsql reads.</exception>
    public static NpgsqlDataSource CreateDataSource(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidConfigurationException(
                $"Invalid configuration: {SiloPostgresOptions.SectionName}:{nameof(SiloPostgresOptions.ConnectionString)} is required in Postgres mode "
                + "(environment variable Silo__Postgres__ConnectionString).");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            // The message names the bad keyword, never the string (it may hold a password).
            throw new InvalidConfigurationException(
                $"Invalid configuration: {SiloPostgresOptions.SectionName}:{nameof(SiloPostgresOptions.ConnectionString)} is not an Npgsql connection string: {e.Message}");
        }

        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c synchronous_commit=on" : builder.Options + " -c synchronous_commit=on";
        return NpgsqlDataSource.Create(builder);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_writer.IsValueCreated)
        {
            await _writer.Value.DisposeAsync();
        }

        await DataSource.DisposeAsync();
    }
}
