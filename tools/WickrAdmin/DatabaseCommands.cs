using Npgsql;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Grains.Storage.Postgres;

namespace Wickr.Cluster.Admin;

/// <summary>
/// <c>wickr-admin db migrate|version [--connection &lt;npgsql connection string&gt;]</c>: the schema of Postgres mode.
/// Without <c>--connection</c>, the connection string is read from <c>Silo__Postgres__ConnectionString</c>, as the silo
/// reads it (so that a Kubernetes Job can take it from the same Secret and no password shows in a process list).
/// </summary>
internal static class DatabaseCommands
{
    public const string ConnectionVariable = "Silo__Postgres__ConnectionString";


    /// <summary>Runs the command given after <c>db</c>; returns the exit code (0 done, 1 failed), or null for a usage error.</summary>
    public static int? Run(string[] arguments)
    {
        var connection = Environment.GetEnvironmentVariable(ConnectionVariable);
        switch (arguments)
        {
            case ["migrate" or "version"]:
                break;
            case ["migrate" or "version", "--connection", var given]:
                connection = given;
                break;
            default:
                return null;
        }

        var command = arguments[0];

        try
        {
            using var dataSource = PostgresDatabase.CreateDataSource(connection);
            if (command == "version")
            {
                var version = PostgresSchema.VersionAsync(dataSource).GetAwaiter().GetResult();
                Console.WriteLine($"schema version {version}; this build needs {PostgresSchema.CurrentVersion}");
                return version == PostgresSchema.CurrentVersion ? 0 : 1;
            }

            var (from, to) = PostgresSchema.MigrateAsync(dataSource).GetAwaiter().GetResult();
            Console.WriteLine(from == to ? $"schema version {to}: up to date" : $"schema version {from} -> {to}");
            return 0;
        }
        catch (InvalidConfigurationException e)
        {
            Console.Error.WriteLine(e.Message.Replace("Silo:Postgres:ConnectionString is required in Postgres mode", "a connection string is required (--connection)", StringComparison.Ordinal));
            return 1;
        }
        catch (NpgsqlException e)
        {
            // Npgsql's messages name the host and the failure, never the password.
            Console.Error.WriteLine($"The database refused or did not answer: {e.Message}");
            return 1;
        }
    }
}
