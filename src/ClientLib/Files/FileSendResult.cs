using Wickr.Cluster.ClientLib.Client;

namespace Wickr.Cluster.ClientLib.Files;

/// <summary>The outcome of sending a file: the blob and the message that carries its key.</summary>
/// <param name="BlobId">The server's id of the encrypted file.</param>
/// <param name="Message">The send of the file message (one delivery per recipient node).</param>
public sealed record FileSendResult(string BlobId, SendResult Message);
