using Npgsql;

namespace Wickr.Cluster.Grains.Storage.Postgres;

/// <summary>
/// One statement of a write queued in <see cref="PostgresGroupCommitWriter"/>, with positional parameters (<c>$1</c>…): values, or
/// <see cref="NpgsqlParameter"/>s where the type must be explicit.
/// It must return exactly one result set (use <c>RETURNING</c>, or <c>SELECT count(*)</c> over a data-modifying
/// <c>WITH</c>), so the writer can hand each write its own rows out of the batch's.
/// </summary>
internal sealed class PostgresStatement(string sql, params object[] parameters)
{
    public string Sql { get; } = sql;

    public NpgsqlBatchCommand ToCommand()
    {
        var command = new NpgsqlBatchCommand(Sql);
        foreach (var value in parameters)
        {
            // A parameter given as such keeps its explicit type (arrays of bytea); any other value has its type inferred.
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
