using System.Security.Cryptography;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Files;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.ClientLib.Tests.Client;

/// <summary>
/// A file message's send time: carried beside the descriptor's own bytes (which stay the reference's), read back as the
/// message's sent_at; a body without it (the reference's) has none, as before.
/// </summary>
public sealed class FileBodyTests
{
    private static readonly DateTimeOffset SentAt = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    private static FileDescriptor Descriptor()
    {
        using var key = CipherKey.Generate();
        return new FileDescriptor(new string('b', 32), key.Encode(), RandomNumberGenerator.GetBytes(32), "notes.txt", 4242, RandomNumberGenerator.GetBytes(32));
    }

    [Fact]
    public void The_descriptors_bytes_are_kept_unchanged_and_the_send_time_follows_them()
    {
        using var descriptor = Descriptor();
        var reference = descriptor.Encode();

        var body = FileBody.Encode(descriptor, SentAt);

        Assert.Equal(reference, body[..reference.Length]);
        using var read = FileDescriptor.Decode(body);
        Assert.Equal((descriptor.BlobId, descriptor.Name, descriptor.Size), (read.BlobId, read.Name, read.Size));
        Assert.Equal(descriptor.Digest, read.Digest);
        Assert.True(FileBody.TryReadSentAt(FileDescriptor.ContentType, body, out var sentAt));
        Assert.Equal(SentAt, sentAt);
    }

    [Fact]
    public void A_reference_body_another_content_type_or_a_malformed_body_has_no_send_time()
    {
        using var descriptor = Descriptor();
        var body = FileBody.Encode(descriptor, SentAt);

        Assert.False(FileBody.TryReadSentAt(FileDescriptor.ContentType, descriptor.Encode(), out _));
        Assert.False(FileBody.TryReadSentAt(TextBody.ContentType, body, out _));
        Assert.False(FileBody.TryReadSentAt(FileDescriptor.ContentType, body[..^1], out _));
    }

    [Fact]
    public void A_file_message_arrives_with_the_senders_time_and_a_reference_one_without()
    {
        using var descriptor = Descriptor();
        var receivedAt = SentAt.AddSeconds(40);

        var ours = StoredMessage.Arrived(File(1, FileBody.Encode(descriptor, SentAt), receivedAt));
        var reference = StoredMessage.Arrived(File(2, descriptor.Encode(), receivedAt));

        Assert.Equal(SentAt, ours.SentAt);
        Assert.Null(reference.SentAt);
        Assert.Equal(receivedAt, reference.ReceivedAt);
    }

    private static ReceivedMessage File(long sequence, byte[] body, DateTimeOffset receivedAt) => new(
        sequence, $"f{sequence}", "root", "node", new PlainMessage(new PacketMetadata(0, 0, [], FileDescriptor.ContentType), body),
        receivedAt, PinStatus.Matches, false);
}
