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

        // A multi-use token admits its number of users (retries by one of them are not counted), then no more.
        var team = RegistrationToken.Issue(operatorKey, later, uses: 2);
        Assert.Equal(2, team.Uses);
        Assert.True((await accounts.RegisterUserAsync(With(bob, team))).Created);
        Assert.False((await accounts.RegisterUserAsync(With(bob, team))).Created);
        using var carol = new TestUser();
        Assert.True((await accounts.RegisterUserAsync(With(carol, team))).Created);
        using var dave = new TestUser();
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "already used by the 2 users it admits",
            () => accounts.RegisterUserAsync(With(dave, team)));
        Assert.False((await accounts.RegisterUserAsync(With(carol, team))).Created);
        Assert.True((await accounts.RegisterUserAsync(With(dave, RegistrationToken.Issue(operatorKey, later)))).Created);
    }

    [Fact]
    public async Task A_token_bound_to_a_name_admits_that_name_only_and_a_squatter_is_refused()
    {
        using var operatorKey = EcKeyPair.Generate();
        await using var gateway = await StartAsync(new()
        {
            ["Gateway:Registration:Policy"] = "Invite",
            ["Gateway:Registration:OperatorPublicKey"] = Convert.ToBase64String(operatorKey.PublicKey.Encoded),
        });
        var accounts = new Accounts.AccountsClient(gateway.Channel);
        var name = "Erin-" + Guid.NewGuid().ToString("N")[..8];
        var erinsToken = RegistrationToken.Issue(operatorKey, fixture.Time.GetUtcNow().AddHours(1), boundRoot: UserNames.RootIdentifier(name));

        // The squatter, holding Erin's token, tries its own name first: refused, and the token stays unused.
        using var squatter = new TestUser(UserNames.RootIdentifier("mallory-" + Guid.NewGuid().ToString("N")[..8]));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "the token invites another user name",
            () => accounts.RegisterUserAsync(With(squatter, erinsToken)));
        using var random = new TestUser();
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "the token invites another user name",
            () => accounts.RegisterUserAsync(With(random, erinsToken)));

        // Erin registers with it, under the name typed in another case and with spaces around it.
        using var erin = new TestUser(UserNames.RootIdentifier("  " + name.ToUpperInvariant() + " "));
        Assert.True((await accounts.RegisterUserAsync(With(erin, erinsToken))).Created);
    }

    [Fact]
    public async Task Reserved_names_are_refused_in_any_case_unless_a_token_is_bound_to_them()
    {
        using var operatorKey = EcKeyPair.Generate();
        await using var open = await StartAsync(new() { ["Gateway:Registration:ReservedNames:0"] = "Helpdesk" });
        var openAccounts = new Accounts.AccountsClient(open.Channel);
        foreach (var reserved in new[] { "admin", "Admin ", "ＡＤＭＩＮ", "helpdesk", "HELPDESK" })
        {
            using var squatter = new TestUser(UserNames.RootIdentifier(reserved));
            await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "this user name is reserved",
                () => openAccounts.RegisterUserAsync(squatter.RegisterRequest()));
        }

        using var ordinary = new TestUser(UserNames.RootIdentifier("admin-" + Guid.NewGuid().ToString("N")[..8]));
        Assert.True((await openAccounts.RegisterUserAsync(ordinary.RegisterRequest())).Created);

        await using var invite = await StartAsync(new()
        {
            ["Gateway:Registration:Policy"] = "Invite",
            ["Gateway:Registration:OperatorPublicKey"] = Convert.ToBase64String(operatorKey.PublicKey.Encoded),
        });
        var accounts = new Accounts.AccountsClient(invite.Channel);
        var later = fixture.Time.GetUtcNow().AddHours(1);
        using var support = new TestUser(UserNames.RootIdentifier("Support"));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "this user name is reserved",
            () => accounts.RegisterUserAsync(With(support, RegistrationToken.Issue(operatorKey, later))));
        Assert.True((await accounts.RegisterUserAsync(With(support, RegistrationToken.Issue(operatorKey, later, boundRoot: UserNames.RootIdentifier("support"))))).Created);
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
