using Microsoft.Data.Sqlite;

namespace Wickr.Cluster.Grains.Storage.Sqlite;

/// <summary>Commands for a write running in a <see cref="SqliteGroupCommitWriter"/> batch.</summary>
internal static class SqliteTransactionExtensions
{
    /// <summary>A command on the batch's connection, enlisted in its transaction.</summary>
    public static SqliteCommand Command(this SqliteTransaction transaction, string sql)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
