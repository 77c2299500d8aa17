using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Testing.Protocol;

namespace Wickr.Cluster.Protocol.Tests.Identifiers;

/// <summary>A device's dev_id (msg_proto_id) has exactly <see cref="ProtocolSizes.DevId"/> bytes wherever it is taken in.</summary>
public sealed class DevIdTests : IDisposable
{
    private readonly TestUser _bob = new(1);

    [Fact]
    public void A_recipient_takes_a_dev_id_of_the_protocol_size()
    {
        var device = _bob.Devices[0];
        var recipient = new RecipientNode(device.Chain, device.DevId, device.Pool.Generate(1)[0]);
        Assert.Equal(ProtocolSizes.DevId, recipient.DevId.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(ProtocolSizes.DevId - 1)]
    [InlineData(ProtocolSizes.DevId + 1)]
    [InlineData(64)]
    public void A_recipient_refuses_any_other_size(int size)
    {
        var device = _bob.Devices[0];
        var error = Assert.Throws<WickrException>(() => new RecipientNode(device.Chain, new byte[size], device.Pool.Generate(1)[0]));
        Assert.Equal(WickrError.InvalidArgument, error.Error);
        Assert.Contains($"a dev_id has 32 bytes, not {size}", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _bob.Dispose();
}
