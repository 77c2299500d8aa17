using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>What a new user asked for about recovery; the network's <see cref="RecoveryPolicy"/> decides the rest.</summary>
public enum RecoveryChoice
{
    /// <summary>Whatever the network's policy makes the default: passphrase under <see cref="RecoveryPolicy.Passphrase"/>, hardened otherwise.</summary>
    NetworkDefault,

    /// <summary>Krbk sealed under the passphrase on the server (the passphrase recovers the account); refused under <see cref="RecoveryPolicy.HardenedOnly"/>.</summary>
    Passphrase,

    /// <summary>The hardened mode: the user keeps Krbk, the server holds no passphrase-sealed copy. Allowed under every policy.</summary>
    Hardened,
}
