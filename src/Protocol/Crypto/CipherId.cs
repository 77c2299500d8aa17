namespace Wickr.Cluster.Protocol.Crypto;

/// <summary>The symmetric ciphers of the wire format, by their one-byte id.</summary>
public enum CipherId : byte
{
    /// <summary>AES-256-GCM: 12-byte IV, 16-byte tag.</summary>
    Aes256Gcm = 0,

    /// <summary>AES-256-CTR: 16-byte IV used as a full 128-bit big-endian counter, no tag.</summary>
    Aes256Ctr = 1,
}
