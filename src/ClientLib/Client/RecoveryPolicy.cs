namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// How a network wants its users' recovery set up (the gateway's <c>Gateway:Recovery:Policy</c>), read with
/// <see cref="WickrAccounts.GetRecoveryPolicyAsync"/> before a user is registered and applied by
/// <see cref="WickrAccounts.ResolveHardened"/>.
/// </summary>
public enum RecoveryPolicy
{
    /// <summary>A passphrase-sealed copy of Krbk is kept on the server unless the user chooses the hardened mode (the default).</summary>
    Passphrase,

    /// <summary>Hardened unless the user explicitly asks for a passphrase-sealed copy.</summary>
    HardenedDefault,

    /// <summary>Hardened only: the gateway refuses a recovery bundle with a passphrase-sealed Krbk, and ClientLib makes none.</summary>
    HardenedOnly,
}
