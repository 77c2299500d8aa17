using System.Reflection;
using Npgsql;
using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Grains.Storage.Postgres;

/// <summary>
/// The versioned schema of Postgres mode: Orleans' ADO.NET scripts (membership, grain state, reminders) and the
/// Wickr stores' tables, as SQL files embedded in this assembly (<c>Storage/Postgres/Schema/NNNN-*.sql</c>, version
/// NNNN, applied in name order). Table <c>wickr_schema</c> holds one row per version applied. <see cref="MigrateAsync"/>
/// (<c>wickr-admin db migrate</c>) applies the missing versions, each in one transaction, under an advisory lock so
/// two migrators never interleave; <see cref="CheckAsync"/> (every silo start) refuses any version but <see cref="CurrentVersion"/>.
/// </summary>
public static class PostgresSchema
{
    private const string ResourcePrefix = "Wickr.Cluster.Grains.Storage.Postgres.Schema.";

    // pg_advisory_xact_lock key: "wickr" in ASCII, so other applications' locks are unlikely to collide.
    private const long MigrationLock = 0x7769636B72;

    private static readonly Lazy<IReadOnlyList<(int Version, string Name, string Sql)>> Scripts = new(LoadScripts);

    /// <summary>The schema version this build reads and writes.</summary>
    public static int CurrentVersion => Scripts.Value[^1].Version;

    /// <summary>The version a database is at: 0 for an empty database (no <c>wickr_schema</c> table).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<int> VersionAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await VersionAsync(connection, cancellationToken);
    }

    /// <summary>
    /// Applies every version after the database's up to <paramref name="targetVersion"/> (default <see cref="CurrentVersion"/>),
    /// each in its own transaction, and returns the versions before and after. Safe to run again and from several
    /// processes at once: a version is applied once.
    /// </summary>
    /// <param name="dataSource">The database (its user must be allowed to create tables and functions).</param>
    /// <param name="targetVersion">The version to stop at; a database already past it is left alone.</param>
    /// <param name="cancellationToken">Cancels between and within versions (the version running rolls back).</param>
    /// <exception cref="InvalidConfigurationException">The database is at a version newer than this build knows.</exception>
    public static async Task<(int From, int To)> MigrateAsync(NpgsqlDataSource dataSource, int? targetVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var target = targetVersion ?? CurrentVersion;
        ArgumentOutOfRangeException.ThrowIfLessThan(target, 1, nameof(targetVersion));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(target, CurrentVersion, nameof(targetVersion));

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        int? from = null;
        while (true)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLock});", cancellationToken);
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS wickr_schema (
                    version    integer     NOT NULL PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    scripts    text        NOT NULL);
                """, cancellationToken);
            var version = await VersionAsync(connection, cancellationToken);
            from ??= version;
            if (version > CurrentVersion)
            {
                throw Newer(version);
            }

            if (version >= target)
            {
                await transaction.CommitAsync(cancellationToken);
                return (from.Value, version);
            }

            var next = version + 1;
            var scripts = Scripts.Value.Where(s => s.Version == next).ToList();
            foreach (var script in scripts)
            {
                await ExecuteAsync(connection, script.Sql, cancellationToken);
            }

            await using (var record = new NpgsqlCommand("INSERT INTO wickr_schema (version, scripts) VALUES ($1, $2);", connection))
            {
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = next });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = string.Join(", ", scripts.Select(s => s.Name)) });
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Refuses a database whose schema is not at <see cref="CurrentVersion"/>, with one sentence saying what to do.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="InvalidConfigurationException">The schema is missing, older or newer.</exception>
    public static async Task CheckAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        var version = await VersionAsync(dataSource, cancellationToken);
        if (version > CurrentVersion)
        {
            throw Newer(version);
        }

        if (version < CurrentVersion)
        {
            throw new InvalidConfigurationException(
                $"The PostgreSQL database is at schema version {version}{(version == 0 ? " (empty)" : "")}, this silo needs version "
                + $"{CurrentVersion}: run `wickr-admin db migrate --connection \"<connection string>\"` (or set "
                + $"{SiloPostgresOptions.SectionName}:{nameof(SiloPostgresOptions.MigrateAtStart)}=true) and start the silo again.");
        }
    }

    private static InvalidConfigurationException Newer(int version) => new(
        $"The PostgreSQL database is at schema version {version}, newer than this build knows ({CurrentVersion}): "
        + "run a silo and wickr-admin of the release that migrated it.");

    private static async Task<int> VersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT CASE WHEN to_regclass('wickr_schema') IS NULL THEN 0 ELSE (SELECT coalesce(max(version), 0) FROM wickr_schema) END;",
            connection);
        try
        {
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The table went away between the check and the read (a test dropping it): an empty database.
            return 0;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static IReadOnlyList<(int Version, string Name, string Sql)> LoadScripts()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => Load(assembly, n))
            .ToList();
        if (scripts.Count == 0)
        {
            throw new InvalidOperationException("The PostgreSQL schema scripts are missing from the assembly.");
        }

        return scripts;
    }

    private static (int Version, string Name, string Sql) Load(Assembly assembly, string resource)
    {
        var name = resource[ResourcePrefix.Length..];
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return (int.Parse(name.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture), name, reader.ReadToEnd());
    }
}
