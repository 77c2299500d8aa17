using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;

namespace Wickr.Cluster.Gateway.Tests.Services;

/// <summary>Registration policy: Invite needs an operator-signed token (single use per root); Open is limited per source.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RegistrationPolicyTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Invite_admits_a_user_only_with_a_valid_unused_operator_token()
    {
        using var operatorKey = EcKeyPair.Generate();
        using var strangerKey = EcKeyPair.Generate();
        await using var gateway = await StartAsync(new()
        {
            ["Gateway:Registration:Policy"] = "Invite",
            ["Gateway:Registration:OperatorPublicKey"] = Convert.ToBase64String(operatorKey.PublicKey.Encoded),
        });
        var accounts = new Accounts.AccountsClient(gateway.Channel);
        var later = fixture.Time.GetUtcNow().AddHours(1);
        using var alice = new TestUser();
        using var bob = new TestUser();

        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "by invitation", () => accounts.RegisterUserAsync(alice.RegisterRequest()));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "not signed by this cluster's operator key",
            () => accounts.RegisterUserAsync(With(alice, RegistrationToken.Issue(strangerKey, later))));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "expired",
            () => accounts.RegisterUserAsync(With(alice, RegistrationToken.Issue(operatorKey, fixture.Time.GetUtcNow()))));
        var tampered = RegistrationToken.Issue(operatorKey, later).Encoded.ToArray();
        tampered[5] ^= 1;
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "not signed",
            () => accounts.RegisterUserAsync(With(alice, tampered)));
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "registration_token",
            () => accounts.RegisterUserAsync(With(alice, [1, 2, 3])));

        var invitation = RegistrationToken.Issue(operatorKey, later);
        Assert.True((await accounts.RegisterUserAsync(With(alice, invitation))).Created);
        // A retry by the same user is fine; the same single-use token for another user is not.
        Assert.False((await accounts.RegisterUserAsync(With(alice, invitation))).Created);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "already used",
            () => accounts.RegisterUserAsync(With(bob, invitation)));

        // A multi-use token admits any number until it expires.
        var team = RegistrationToken.Issue(operatorKey, later, singleUse: false);
        Assert.Null(team.Id);
        Assert.True((await accounts.RegisterUserAsync(With(bob, team))).Created);
        using var carol = new TestUser();
        Assert.True((await accounts.RegisterUserAsync(With(carol, team))).Created);
    }

    [Fact]
    public async Task Invite_without_an_operator_key_does_not_start()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(new() { ["Gateway:Registration:Policy"] = "Invite" }));
        Assert.Contains("OperatorPublicKey is required", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_limits_registrations_per_source_and_the_window_reopens()
    {
        await using var gateway = await StartAsync(new()
        {
            ["Gateway:Registration:MaxPerSource"] = "3",
            ["Gateway:Registration:SourceWindow"] = "00:10:00",
            ["Gateway:Registration:ExemptLoopback"] = "false",
        });
        var accounts = new Accounts.AccountsClient(gateway.Channel);
        for (var i = 0; i < 3; i++)
        {
            using var user = new TestUser();
            Assert.True((await accounts.RegisterUserAsync(user.RegisterRequest())).Created);
        }

        using var fourth = new TestUser();
        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, "per source address",
            () => accounts.RegisterUserAsync(fourth.RegisterRequest()));
        fixture.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.True((await accounts.RegisterUserAsync(fourth.RegisterRequest())).Created);
    }

    private static RegisterUserRequest With(TestUser user, RegistrationToken token) => With(user, token.Encoded.ToArray());

    private static RegisterUserRequest With(TestUser user, byte[] token)
    {
        var request = user.RegisterRequest();
        request.RegistrationToken = ByteString.CopyFrom(token);
        return request;
    }

    private Task<GatewayHost> StartAsync(Dictionary<string, string?> extra)
    {
        var settings = GatewayHost.Settings(fixture.TokenSecret);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return GatewayHost.StartAsync(fixture.Client, fixture.Time, settings);
    }
}
