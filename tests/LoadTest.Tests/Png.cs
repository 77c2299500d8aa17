using System.Buffers.Binary;
using System.IO.Compression;

namespace Wickr.Cluster.LoadTest.Tests;

/// <summary>
/// Checks that a file is a whole PNG: the signature, every chunk's CRC, the IHDR header, and image data that
/// inflates to exactly the rows the header promises. Returns the size from the header.
/// </summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static (int Width, int Height) Decode(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 8 + 25 + 12, $"{path} is too short for a PNG ({bytes.Length} bytes)");
        Assert.Equal(Signature, bytes[..8]);
        int width = 0, height = 0, bytesPerPixel = 0;
        using var data = new MemoryStream();
        var at = 8;
        var chunks = new List<string>();
        while (at < bytes.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4);
            var body = bytes.AsSpan(at + 8, length);
            Assert.Equal(Crc32(bytes.AsSpan(at + 4, length + 4)), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at + 8 + length)));
            chunks.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                Assert.Equal(8, body[8]);
                bytesPerPixel = body[9] switch { 2 => 3, 6 => 4, 0 => 1, 4 => 2, _ => throw new InvalidDataException($"colour type {body[9]}") };
                Assert.Equal(0, body[12]);
            }
            else if (type == "IDAT")
            {
                data.Write(body);
            }
            at += 12 + length;
        }
        Assert.Equal("IHDR", chunks[0]);
        Assert.Equal("IEND", chunks[^1]);
        data.Position = 0;
        using var inflate = new ZLibStream(data, CompressionMode.Decompress);
        using var pixels = new MemoryStream();
        inflate.CopyTo(pixels);
        // Each row: one filter byte, then the pixels.
        Assert.Equal((long)height * (1 + (width * bytesPerPixel)), pixels.Length);
        return (width, height);
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}
