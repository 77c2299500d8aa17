using Grpc.Core;
using Wickr.Cluster.Gateway.Tests.Fixtures;

namespace Wickr.Cluster.Gateway.Tests.Errors;

/// <summary>Bytes that are not the call's message are INVALID_ARGUMENT "malformed request", for our services and the standard ones.</summary>
[Collection(GatewayCollection.Name)]
public sealed class MalformedRequestTests(GatewayFixture fixture)
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    public static TheoryData<string, string> Methods => new()
    {
        { "wickr.cluster.v1.Auth", "CreateChallenge" },
        { "wickr.cluster.v1.Accounts", "RegisterUser" },
        { "wickr.cluster.v1.EphemeralKeys", "ClaimKeys" },
        { "wickr.cluster.v1.Messages", "SendPacket" },
        { "grpc.health.v1.Health", "Check" },
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task A_body_whose_length_runs_past_its_end_is_a_malformed_request(string service, string name)
    {
        var method = new Method<byte[], byte[]>(MethodType.Unary, service, name, Bytes, Bytes);
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Gateway.Channel.CreateCallInvoker().AsyncUnaryCall(method, null, default, [0x0A, 0x7F, 1, 2, 3]));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.StartsWith("malformed request", ex.Status.Detail, StringComparison.Ordinal);
    }
}
