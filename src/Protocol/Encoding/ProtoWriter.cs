using System.Buffers;

namespace Wickr.Cluster.Protocol.Encoding;

/// <summary>
/// A minimal protobuf writer with proto2 semantics: every field the caller writes is written, also when its
/// value is zero or empty, because the reference decoder rejects messages whose required fields are missing.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public ProtoWriter(int initialCapacity = 256) => _buffer = new ArrayBufferWriter<byte>(initialCapacity);

    public int Length => _buffer.WrittenCount;

    public ProtoWriter WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, 2);
        WriteVarint((ulong)value.Length);
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
        return this;
    }

    public ProtoWriter WriteUInt64(int field, ulong value)
    {
        WriteTag(field, 0);
        WriteVarint(value);
        return this;
    }

    public ProtoWriter WriteBool(int field, bool value) => WriteUInt64(field, value ? 1UL : 0UL);

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    private void WriteTag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _buffer.Advance(i);
    }
}
