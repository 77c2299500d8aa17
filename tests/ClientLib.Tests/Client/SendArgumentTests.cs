using Grpc.Net.Client;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.ClientLib.Tests.Client;

/// <summary>
/// A send's message id and recipient root ids follow the protocol's one grammar (<see cref="MessageId"/>,
/// <see cref="RootId"/>): bad ones are refused before anything is sent. The channel points at a port nothing
/// listens on, so a call that went out would fail as Unavailable instead.
/// </summary>
public sealed class SendArgumentTests : IAsyncLifetime
{
    private static readonly PlainMessage Message = new(new PacketMetadata(60, 0, [], 0), "hi"u8.ToArray());

    private readonly EnrolledUser _alice = EnrolledUser.Enroll(P521Suite.Instance);
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress("http://127.0.0.1:9");
    private EnrolledDevice _device = null!;
    private WickrClient _client = null!;

    public Task InitializeAsync()
    {
        _device = _alice.EnrollDevice("send-arguments"u8);
        _client = new WickrClient(_channel, _device);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/")]
    [InlineData("\u00fcn\u00ef")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_malformed_message_id_is_refused_with_the_protocol_rule(string messageId)
    {
        var error = await Assert.ThrowsAsync<WickrException>(() => _client.SendAsync(_alice.Root.Identifier, Message, messageId));

        Assert.Equal(WickrError.InvalidArgument, error.Error);
        Assert.Contains(MessageId.Problem(messageId)!, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ProtocolSizes.MaxRootIdentifier + 1)]
    public async Task A_malformed_recipient_root_id_is_refused_with_the_protocol_rule(int size)
    {
        var error = await Assert.ThrowsAsync<WickrException>(() => _client.SendAsync(new byte[size], Message));

        Assert.Equal(WickrError.InvalidArgument, error.Error);
        Assert.Contains(RootId.Problem(size)!, error.Message, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        _device.Dispose();
        _alice.Dispose();
        _channel.Dispose();
    }
}
