namespace Wickr.Cluster.Protocol;

/// <summary>What went wrong, in the protocol's terms. Every failure of ClientLib carries exactly one.</summary>
public enum WickrError
{
    /// <summary>The bytes are not a well-formed encoding (truncated, wrong length, bad protobuf, unknown version or curve).</summary>
    Parse,

    /// <summary>A signature does not verify (packet signature, node key signed by root, ephemeral key signed by node).</summary>
    Signature,

    /// <summary>An identity chain does not lead to the expected user: the root is not the one that was asked for or pinned.</summary>
    Chain,

    /// <summary>Authenticated decryption or key unwrapping failed: wrong key, tampered ciphertext or wrong packet version.</summary>
    Decrypt,

    /// <summary>The packet names an ephemeral key id that this node does not hold (never issued, or already used and deleted).</summary>
    UnknownKeyId,

    /// <summary>The packet carries no key exchange for this node.</summary>
    NotRecipient,

    /// <summary>A passphrase-sealed blob could not be opened with the given passphrase.</summary>
    WrongPassphrase,

    /// <summary>An argument is outside what the protocol allows (sizes, counts, empty recipient sets, ids).</summary>
    InvalidArgument,

    /// <summary>The operation is not allowed in the current state (for example a hardened recovery bundle that has no wrapped key).</summary>
    InvalidState,
}
