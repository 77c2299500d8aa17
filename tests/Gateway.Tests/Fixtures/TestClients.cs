using Grpc.Net.Client;
using Wickr.Cluster.Api.V1;

namespace Wickr.Cluster.Gateway.Tests.Fixtures;

/// <summary>The generated clients of one channel, and the clock requests are signed with.</summary>
public sealed class TestClients(GrpcChannel channel, TimeProvider time)
{
    internal Api.V1.Auth.AuthClient Auth { get; } = new(channel);

    internal Accounts.AccountsClient Accounts { get; } = new(channel);

    internal EphemeralKeys.EphemeralKeysClient Keys { get; } = new(channel);

    internal Messages.MessagesClient Messages { get; } = new(channel);

    public TimeProvider Time { get; } = time;
}
