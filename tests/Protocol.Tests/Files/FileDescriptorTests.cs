using System.Security.Cryptography;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Encoding;
using Wickr.Cluster.Protocol.Files;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Protocol.Tests.Files;

/// <summary>The file message body: round trip, every malformed field refused by name, names never choose a directory.</summary>
public sealed class FileDescriptorTests
{
    private static readonly string BlobId = new('a', 32);

    private static FileDescriptor Make(string name = "report.pdf", long size = 12345)
    {
        using var key = CipherKey.Generate();
        return new FileDescriptor(BlobId, key.Encode(), RandomNumberGenerator.GetBytes(32), name, size, RandomNumberGenerator.GetBytes(32));
    }

    [Fact]
    public void A_descriptor_round_trips_through_the_message_body()
    {
        using var original = Make();

        using var decoded = FileDescriptor.Decode(original.Encode());

        Assert.Equal(original.BlobId, decoded.BlobId);
        Assert.Equal(original.Name, decoded.Name);
        Assert.Equal(original.Size, decoded.Size);
        Assert.Equal(original.Digest, decoded.Digest);
        Assert.Equal(original.EncodedKey.ToArray(), decoded.EncodedKey.ToArray());
        Assert.Equal(original.ReadToken.ToArray(), decoded.ReadToken.ToArray());
        Assert.Equal(original.Size + FileCipher.HeaderSize, decoded.EncryptedSize);
    }

    [Fact]
    public void Only_a_message_of_the_file_content_type_is_read_as_a_file()
    {
        using var file = Make();
        var body = file.Encode();

        Assert.Null(FileDescriptor.FromMessage(new PlainMessage(new PacketMetadata(0, 0, [], 1), body)));
        using var read = FileDescriptor.FromMessage(new PlainMessage(new PacketMetadata(0, 0, [], FileDescriptor.ContentType), body));
        Assert.Equal(file.BlobId, read!.BlobId);
    }

    [Theory]
    [InlineData(1, "blob id")]
    [InlineData(2, "key")]
    [InlineData(3, "digest")]
    [InlineData(6, "read token")]
    public void A_missing_or_malformed_field_is_refused_by_name(int field, string named)
    {
        using var file = Make();
        var fields = new Dictionary<int, byte[]>
        {
            [1] = System.Text.Encoding.ASCII.GetBytes(file.BlobId),
            [2] = file.EncodedKey.ToArray(),
            [3] = file.Digest,
            [4] = "x"u8.ToArray(),
            [6] = file.ReadToken.ToArray(),
        };

        var missing = Write(fields.Where(f => f.Key != field));
        var shortened = Write(fields.Select(f => f.Key == field ? new KeyValuePair<int, byte[]>(f.Key, f.Value[..^1]) : f));

        Assert.Equal(WickrError.Parse, Assert.Throws<WickrException>(() => FileDescriptor.Decode(missing)).Error);
        var error = Assert.Throws<WickrException>(() => FileDescriptor.Decode(shortened));
        Assert.Contains(named, error.Message.Replace('_', ' '), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\bob\\evil.exe", "evil.exe")]
    [InlineData("..", "file")]
    [InlineData("a\u0000b\nc.txt", "abc.txt")]
    public void A_senders_name_never_chooses_a_directory(string sent, string kept)
    {
        using var file = Make(sent);
        Assert.Equal(kept, file.Name);
    }

    private static byte[] Write(IEnumerable<KeyValuePair<int, byte[]>> fields)
    {
        var writer = new ProtoWriter();
        foreach (var (field, value) in fields)
        {
            writer.WriteBytes(field, value);
        }
        writer.WriteUInt64(5, 10);
        return writer.ToArray();
    }
}
