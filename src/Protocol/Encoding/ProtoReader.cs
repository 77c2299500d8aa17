namespace Wickr.Cluster.Protocol.Encoding;

/// <summary>
/// A strict protobuf reader for the few messages of the wire format: it accepts varint and length-delimited
/// fields, skips fixed-width fields of unknown numbers, and throws <see cref="WickrException"/> (Parse) on
/// anything truncated or malformed.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public int Field { get; private set; }

    public int WireType { get; private set; }

    /// <summary>Moves to the next field; false at the end of the message.</summary>
    public bool Next()
    {
        if (_position >= _data.Length)
        {
            return false;
        }

        var tag = ReadVarint();
        Field = (int)(tag >> 3);
        WireType = (int)(tag & 7);
        if (Field == 0 || tag >> 3 > int.MaxValue)
        {
            throw new WickrException(WickrError.Parse, "protobuf field number 0 or out of range");
        }

        return true;
    }

    public ulong ReadUInt64()
    {
        Expect(0);
        return ReadVarint();
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        Expect(2);
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new WickrException(WickrError.Parse, "protobuf length-delimited field runs past the end");
        }

        var value = _data.Slice(_position, (int)length);
        _position += (int)length;
        return value;
    }

    /// <summary>Skips the current field, whatever its wire type.</summary>
    public void Skip()
    {
        switch (WireType)
        {
            case 0: ReadVarint(); break;
            case 1: Advance(8); break;
            case 2: ReadBytes(); break;
            case 5: Advance(4); break;
            default: throw new WickrException(WickrError.Parse, $"unsupported protobuf wire type {WireType}");
        }
    }

    private void Expect(int wireType)
    {
        if (WireType != wireType)
        {
            throw new WickrException(WickrError.Parse, $"protobuf field {Field} has wire type {WireType}, expected {wireType}");
        }
    }

    private void Advance(int count)
    {
        if (_data.Length - _position < count)
        {
            throw new WickrException(WickrError.Parse, "protobuf fixed-width field runs past the end");
        }

        _position += count;
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new WickrException(WickrError.Parse, "protobuf varint runs past the end");
            }

            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new WickrException(WickrError.Parse, "protobuf varint longer than 10 bytes");
    }
}
