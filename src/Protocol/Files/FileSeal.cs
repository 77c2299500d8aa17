namespace Wickr.Cluster.Protocol.Files;

/// <summary>What the file cipher learnt about the plaintext on its way through.</summary>
/// <param name="Length">The plaintext's size in bytes.</param>
/// <param name="Digest">SHA-256 of the plaintext.</param>
public sealed record FileSeal(long Length, byte[] Digest);
