namespace Wickr.Cluster.ClientLib.Files;

/// <summary>Which part of a file transfer a progress report is about.</summary>
public enum FileTransferStage
{
    /// <summary>Encrypting the plaintext into a temporary file (bytes of plaintext).</summary>
    Encrypting,

    /// <summary>Uploading the encrypted file (bytes stored on the server).</summary>
    Uploading,

    /// <summary>Downloading the encrypted file (bytes received).</summary>
    Downloading,

    /// <summary>Decrypting and verifying into a temporary file (bytes of plaintext).</summary>
    Decrypting,
}
