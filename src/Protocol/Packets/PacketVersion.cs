namespace Wickr.Cluster.Protocol.Packets;

/// <summary>Packet format versions; 4 is written, 2 to 4 are read.</summary>
public static class PacketVersion
{
    /// <summary>v2: exchange info is dev_id alone, HKDF-SHA256.</summary>
    public const byte V2 = 2;

    /// <summary>v3: exchange info adds both root keys, HKDF-SHA256.</summary>
    public const byte V3 = 3;

    /// <summary>v4 (current): as v3 with HKDF-SHA512.</summary>
    public const byte V4 = 4;

    /// <summary>The version this implementation writes.</summary>
    public const byte Current = V4;
}
