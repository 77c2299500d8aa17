using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Wickr.Cluster.Grains.Storage.Sqlite;

/// <summary>Commands for a write running in a <see cref="SqliteGroupCommitWriter"/> batch.</summary>
internal static class SqliteTransactionExtensions
{
    // The writer runs the same dozen statements all day; parsing and planning each anew was a measurable share of the
    // silo's CPU per write. Closing a connection finalizes its commands' statements, and the table lets go with it.
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Prepared = [];

    /// <summary>
    /// A command on the batch's connection, enlisted in its transaction, with no parameters. It is prepared once per
    /// connection and handed out again for the same SQL, so the caller must not dispose it, and must be done with it
    /// (and any reader of it) before asking for the same SQL again. Only the writer thread uses these commands.
    /// </summary>
    public static SqliteCommand Command(this SqliteTransaction transaction, string sql)
    {
        var connection = transaction.Connection!;
        var commands = Prepared.GetOrCreateValue(connection);
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands.Add(sql, command);
        }

        command.Parameters.Clear();
        command.Transaction = transaction;
        return command;
    }
}
