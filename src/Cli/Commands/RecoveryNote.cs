using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.Cli.Commands;

/// <summary>Which recovery <c>init</c> sets up and the one line that says why, naming the network's recovery policy.</summary>
internal static class RecoveryNote
{
    /// <summary>The mode to ask ClientLib for: what <paramref name="choice"/> and <paramref name="policy"/> leave (exit 7 when the policy refuses the choice).</summary>
    public static RecoveryChoice Decide(RecoveryPolicy policy, RecoveryChoice choice)
    {
        try
        {
            return WickrAccounts.ResolveHardened(policy, choice) ? RecoveryChoice.Hardened : RecoveryChoice.Passphrase;
        }
        catch (WickrClientException)
        {
            throw new CliException(ExitCodes.Refused,
                "this network's recovery policy is HardenedOnly: it allows hardened accounts only, so --passphrase-recovery is refused; "
                + "leave it out and keep the recovery key init prints. Nothing was registered.");
        }
    }

    /// <summary>The line <c>init</c> prints on stderr before it asks for the passphrase.</summary>
    public static string Line(RecoveryPolicy policy, RecoveryChoice choice, RecoveryChoice mode, string name) => (mode, choice, policy) switch
    {
        (RecoveryChoice.Hardened, RecoveryChoice.Hardened, _) =>
            $"Recovery: hardened, as you chose (--hardened); this network's recovery policy is {policy}. Only the recovery key printed below adds a device.",
        (RecoveryChoice.Hardened, _, RecoveryPolicy.HardenedOnly) =>
            "Recovery: hardened, required by this network's recovery policy (HardenedOnly). Only the recovery key printed below adds a device.",
        (RecoveryChoice.Hardened, _, _) =>
            $"Recovery: hardened, the default of this network's recovery policy ({policy}). Only the recovery key printed below adds a device; "
                + "--passphrase-recovery lets the server keep a passphrase-sealed copy instead.",
        (_, RecoveryChoice.Passphrase, _) =>
            $"Recovery: passphrase, as you chose (--passphrase-recovery); this network's recovery policy is {policy}. The server will keep a copy "
                + "of your keys sealed with your passphrase, which strangers can try to guess (slowly).",
        _ =>
            $"Recovery: passphrase, the default of this network's recovery policy ({policy}). The server will keep a copy of your keys sealed with "
                + $"your passphrase, which strangers can try to guess (slowly). For an account only your recovery key opens, run: wickr init --hardened {name}",
    };
}
