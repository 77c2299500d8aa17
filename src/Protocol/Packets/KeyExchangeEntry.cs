namespace Wickr.Cluster.Protocol.Packets;

/// <summary>One KED of the key exchange list: recipient node id, the ephemeral key id used, the wrapped packet key.</summary>
internal readonly record struct KeyExchangeEntry(byte[] NodeIdentifier, ulong KeyId, byte[] ExchangeData);
