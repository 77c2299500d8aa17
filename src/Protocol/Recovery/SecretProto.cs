using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Wickr.Cluster.Protocol.Encoding;

namespace Wickr.Cluster.Protocol.Recovery;

/// <summary>Helpers for protobuf messages that carry key material, so no copy of it is left behind in a buffer.</summary>
internal static class SecretProto
{
    /// <summary>
    /// Copies the message out and zeroes the writer's buffer. The writer exposes its buffer read-only, but the buffer
    /// is a managed array that only this writer references, so writing zeros through it is safe. The writer must have
    /// been created large enough never to grow, or the grown-out-of arrays keep a copy.
    /// </summary>
    public static byte[] ToArrayAndZero(this ProtoWriter writer)
    {
        var message = writer.ToArray();
        writer.Zero();
        return message;
    }

    /// <summary>Zeroes the writer's buffer without copying it out.</summary>
    public static void Zero(this ProtoWriter writer)
    {
        var written = writer.WrittenSpan;
        CryptographicOperations.ZeroMemory(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(written), written.Length));
    }
}
