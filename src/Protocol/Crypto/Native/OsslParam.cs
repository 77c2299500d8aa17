using System.Runtime.InteropServices;

namespace Wickr.Cluster.Protocol.Crypto.Native;

/// <summary>OpenSSL's <c>OSSL_PARAM</c>: one named, typed value handed to a provider (layout of <c>openssl/core.h</c>).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct OsslParam
{
    public const uint UnsignedInteger = 2;
    public const uint Utf8String = 4;
    public const uint OctetString = 5;

    public byte* Key;
    public uint DataType;
    public void* Data;
    public nuint DataSize;
    public nuint ReturnSize;

    public static OsslParam Of(byte* key, uint dataType, void* data, int size) => new()
    {
        Key = key,
        DataType = dataType,
        Data = data,
        DataSize = (nuint)size,
        ReturnSize = nuint.MaxValue, // OSSL_PARAM_UNMODIFIED
    };

    /// <summary>The terminating all-zero entry (<c>OSSL_PARAM_END</c>).</summary>
    public static OsslParam End => default;
}
