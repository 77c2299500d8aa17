using System.Security.Cryptography;

namespace Wickr.Cluster.Protocol.Enrollment;

/// <summary>
/// A device's identifiers, derived from its system id (the paper's "device data": stable across installs, not
/// secret) as the reference does: <c>system_salt = SHA-256(system_id)</c>, which stays on the device and salts the
/// local storage key; <c>SHA-512(system_id ‖ dev_salt)</c> split 32/32 into <c>msg_proto_id</c> (the <c>dev_id</c>
/// that enters the key-exchange KDF info) and the server-communication id. <c>dev_salt</c> is random
/// per enrollment and must be stored to derive the same identifiers again.
/// </summary>
public sealed class DeviceIdentifiers
{
    /// <summary>Size of a fresh dev_salt (the SHA-512 output size).</summary>
    public const int DevSaltSize = 64;

    /// <summary>Size of the dev_id and of the server-communication id: each half of the SHA-512 output.</summary>
    public const int IdSize = ProtocolSizes.DevId;

    private DeviceIdentifiers(byte[] systemSalt, byte[] devSalt, byte[] devId, byte[] serverCommunicationId)
    {
        SystemSalt = systemSalt;
        DevSalt = devSalt;
        DevId = devId;
        ServerCommunicationId = serverCommunicationId;
    }

    /// <summary>SHA-256(system_id): private to the device, salts Klds.</summary>
    public byte[] SystemSalt { get; }

    /// <summary>The random salt of this enrollment.</summary>
    public byte[] DevSalt { get; }

    /// <summary><c>msg_proto_id</c>, published as the node's <c>devid</c>: the <c>dev_id</c> of the key exchange.</summary>
    public byte[] DevId { get; }

    /// <summary>The id the device uses towards the server.</summary>
    public byte[] ServerCommunicationId { get; }

    /// <summary>Identifiers for a new enrollment on the device with <paramref name="systemId"/>, with a fresh dev_salt.</summary>
    public static DeviceIdentifiers Create(ReadOnlySpan<byte> systemId)
    {
        Span<byte> devSalt = stackalloc byte[DevSaltSize];
        RandomNumberGenerator.Fill(devSalt);
        return Derive(systemId, devSalt);
    }

    /// <summary>The identifiers of an existing enrollment, from the system id and the stored dev_salt.</summary>
    public static DeviceIdentifiers Derive(ReadOnlySpan<byte> systemId, ReadOnlySpan<byte> devSalt)
    {
        if (systemId.IsEmpty || devSalt.IsEmpty)
        {
            throw new WickrException(WickrError.InvalidArgument, "device identifiers need a system id and a dev_salt");
        }

        var input = new byte[systemId.Length + devSalt.Length];
        systemId.CopyTo(input);
        devSalt.CopyTo(input.AsSpan(systemId.Length));
        var digest = SHA512.HashData(input);
        CryptographicOperations.ZeroMemory(input);
        return new DeviceIdentifiers(SHA256.HashData(systemId), devSalt.ToArray(), digest[..IdSize], digest[IdSize..]);
    }
}
