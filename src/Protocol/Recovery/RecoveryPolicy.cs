namespace Wickr.Cluster.Protocol.Recovery;

/// <summary>
/// How a network wants its users' recovery set up: the gateway's <c>Gateway:Recovery:Policy</c>, told to clients by
/// <c>Accounts.GetNetworkPolicy</c> before they register and applied by ClientLib.
/// </summary>
public enum RecoveryPolicy
{
    /// <summary>
    /// Clients keep a copy of Krbk sealed under the user's passphrase on the server unless the user chooses the hardened
    /// mode (the default: a forgotten recovery key is not the end of the account, at the price of online guessing).
    /// </summary>
    Passphrase,

    /// <summary>
    /// Clients make hardened accounts (the user keeps Krbk; the server holds no passphrase-sealed copy) unless the user
    /// explicitly asks for a passphrase-sealed copy.
    /// </summary>
    HardenedDefault,

    /// <summary>
    /// Hardened accounts only: <c>StoreRecoveryBundle</c> refuses a bundle that carries a passphrase-sealed Krbk, and
    /// clients refuse to make one. Bundles stored before the policy was set stay fetchable.
    /// </summary>
    HardenedOnly,
}
