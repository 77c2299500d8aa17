namespace Wickr.Cluster.Protocol.Packets;

/// <summary>A message before encryption or after decryption: metadata and body.</summary>
/// <param name="Metadata">Ephemerality, channel tag, content type.</param>
/// <param name="Body">The message content; may be empty.</param>
public sealed record PlainMessage(PacketMetadata Metadata, byte[] Body);
