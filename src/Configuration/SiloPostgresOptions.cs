namespace Wickr.Cluster.Configuration;

/// <summary>
/// The PostgreSQL database of a cluster in Postgres mode (on-premises): configuration section <c>Silo:Postgres</c>
/// (environment variables <c>Silo__Postgres__*</c>). Silos keep membership, grain state, reminders, mailboxes, key
/// pools and files there; standalone gateways find the silos through it. The schema is created and upgraded by
/// <c>wickr-admin db migrate</c> (or <see cref="MigrateAtStart"/>); a silo refuses a schema version it does not know.
/// </summary>
/// <remarks>
/// It sits here, below the grains (whose storage reads it) and the hosting settings both hosts share (which nest it in
/// the silo's options), so that one class binds the section.
/// </remarks>
public sealed class SiloPostgresOptions : IValidatableOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Silo:Postgres";

    /// <summary>Writes committed in one transaction and one round trip at most (group commit). Default 256.</summary>
    public const int DefaultMaxWriteBatch = 256;

    /// <summary>
    /// An Npgsql connection string (<c>Host=db;Port=5432;Database=wickr;Username=wickr;Password=…</c>). Required in
    /// Postgres mode (<c>Silo:Mode</c>); not used in the other modes. Its <c>Maximum Pool Size</c> (Npgsql's default 100)
    /// bounds the connections each silo or gateway opens: size the server's <c>max_connections</c> for all of them.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Apply the schema migrations this build knows when the silo starts, instead of only checking the schema version.
    /// Default false: an operator runs <c>wickr-admin db migrate</c> as an explicit step of an upgrade.
    /// </summary>
    public bool MigrateAtStart { get; set; }

    /// <summary>
    /// Mailbox and key-pool writes committed together at most: whatever queued up while the previous commit ran goes
    /// out as one transaction in one round trip. Default <see cref="DefaultMaxWriteBatch"/>.
    /// </summary>
    public int MaxWriteBatch { get; set; } = DefaultMaxWriteBatch;

    /// <summary>
    /// The problems of the settings. Whether <see cref="ConnectionString"/> is required depends on the silo's mode:
    /// the silo's options check that.
    /// </summary>
    /// <returns>One sentence per problem, naming the setting below <c>Silo:Postgres</c>.</returns>
    public IEnumerable<string> Validate()
    {
        if (MaxWriteBatch is < 1 or > 10_000)
        {
            yield return $"{nameof(MaxWriteBatch)} ({MaxWriteBatch}) must be between 1 and 10000.";
        }
    }
}
