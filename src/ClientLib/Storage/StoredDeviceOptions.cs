using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>How a <see cref="StoredDevice"/> is made and run. The defaults are the reference's costs.</summary>
public sealed class StoredDeviceOptions
{
    /// <summary>The cryptographic suite.</summary>
    public ICryptoSuite Suite { get; init; } = P521Suite.Instance;

    /// <summary>The clock for expiry, burn-on-read and tokens.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>One-time keys kept published. Default <see cref="WickrClientOptions.DefaultPoolTargetSize"/>.</summary>
    public int PoolTargetSize { get; init; } = WickrClientOptions.DefaultPoolTargetSize;

    /// <summary>scrypt cost (log2 N) of the passphrase that wraps Klds in a new store. Default 17, the reference's.</summary>
    public int StoreKdfLog2N { get; init; } = StoreKeyWrap.DefaultLog2N;

    /// <summary>The kdf of Krbk sealed under the passphrase in the recovery backup. Default <see cref="PassphraseKdf.Scrypt17"/>.</summary>
    public PassphraseKdf RecoveryKdf { get; init; } = PassphraseKdf.Scrypt17;

    /// <summary>
    /// Called at the outbox's steps with <c>"queued"</c> (kept, nothing sent yet) and <c>"sent"</c> (the server
    /// answered, the entry not yet cleared): the points where a crash must still end in exactly one delivery. Set only
    /// by the tests' host of the command line (through InternalsVisibleTo), never by a shipped binary; null does nothing.
    /// </summary>
    internal Func<string, Task>? Checkpoint { get; init; }

    internal WickrClientOptions ClientOptions(IClientState? state, string? scratchFolder = null, string? registrationToken = null) => new()
    {
        ScratchFolder = scratchFolder,
        Suite = Suite,
        TimeProvider = TimeProvider,
        PoolTargetSize = PoolTargetSize,
        State = state,
        RegistrationToken = registrationToken,
    };
}
