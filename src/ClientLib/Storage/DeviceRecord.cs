using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Encoding;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>
/// A device's identity as the store keeps it (sealed under Klds): <c>{ 1 user name; 2 system id; 3 dev_salt;
/// 4 device context (Kr, Kn, chain, Klds, Krs); 5 root keys (Kr, Knsr, Krs); 6 Krbk; 7 hardened }</c>. Every device
/// of this client enrolled from the root keys, so it keeps them (and Krbk) to add and remove devices and to
/// refresh the recovery bundle.
/// </summary>
internal sealed class DeviceRecord : IDisposable
{
    public DeviceRecord(string userName, byte[] systemId, EnrolledDevice device, RootKeys rootKeys, CipherKey recoveryBundleKey, bool hardened)
    {
        UserName = userName;
        SystemId = systemId;
        Device = device;
        RootKeys = rootKeys;
        RecoveryBundleKey = recoveryBundleKey;
        Hardened = hardened;
    }

    public string UserName { get; }

    public byte[] SystemId { get; }

    public EnrolledDevice Device { get; }

    public RootKeys RootKeys { get; }

    public CipherKey RecoveryBundleKey { get; }

    public bool Hardened { get; }

    /// <summary>The encoding; the caller zeroes it.</summary>
    public byte[] Encode()
    {
        var context = Device.Context.Encode();
        var rootKeys = RootKeys.Encode();
        var recoveryKey = RecoveryBundleKey.Encode();
        try
        {
            var writer = new ProtoWriter(context.Length + rootKeys.Length + 1024)
                .WriteBytes(1, System.Text.Encoding.UTF8.GetBytes(UserName))
                .WriteBytes(2, SystemId)
                .WriteBytes(3, Device.Identifiers.DevSalt)
                .WriteBytes(4, context)
                .WriteBytes(5, rootKeys)
                .WriteBytes(6, recoveryKey)
                .WriteBool(7, Hardened);
            return writer.ToArrayAndZero();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(context);
            CryptographicOperations.ZeroMemory(rootKeys);
            CryptographicOperations.ZeroMemory(recoveryKey);
        }
    }

    /// <summary>Reads the encoding; Parse when a part is missing.</summary>
    public static DeviceRecord Decode(ICryptoSuite suite, ReadOnlySpan<byte> encoded)
    {
        string? userName = null;
        byte[]? systemId = null, devSalt = null;
        DeviceContext? context = null;
        RootKeys? rootKeys = null;
        CipherKey? recoveryKey = null;
        var hardened = false;
        try
        {
            var reader = new ProtoReader(encoded);
            while (reader.Next())
            {
                switch (reader.Field)
                {
                    case 1: userName = System.Text.Encoding.UTF8.GetString(reader.ReadBytes()); break;
                    case 2: systemId = reader.ReadBytes().ToArray(); break;
                    case 3: devSalt = reader.ReadBytes().ToArray(); break;
                    case 4: context = DeviceContext.Decode(suite, reader.ReadBytes()); break;
                    case 5: rootKeys = RootKeys.Decode(suite, reader.ReadBytes()); break;
                    case 6: recoveryKey = CipherKey.Decode(reader.ReadBytes()); break;
                    case 7: hardened = reader.ReadUInt64() != 0; break;
                    default: reader.Skip(); break;
                }
            }
            if (userName is null || systemId is null || devSalt is null || context is null || rootKeys is null || recoveryKey is null)
            {
                throw new WickrException(WickrError.Parse, "the stored device identity is incomplete");
            }
            var device = new EnrolledDevice(context, DeviceIdentifiers.Derive(systemId, devSalt));
            return new DeviceRecord(userName, systemId, device, rootKeys, recoveryKey, hardened);
        }
        catch
        {
            context?.Dispose();
            rootKeys?.Dispose();
            recoveryKey?.Dispose();
            throw;
        }
    }

    /// <summary>Zeroes every key.</summary>
    public void Dispose()
    {
        Device.Dispose();
        RootKeys.Dispose();
        RecoveryBundleKey.Dispose();
    }
}
