using Grpc.Core;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol.Recovery;

namespace Wickr.Cluster.ClientLib.Tests.Client;

/// <summary>What a new account is, for each network recovery policy and each choice of the user.</summary>
public sealed class RecoveryPolicyTests
{
    [Theory]
    [InlineData(RecoveryPolicy.Passphrase, RecoveryChoice.NetworkDefault, false)]
    [InlineData(RecoveryPolicy.Passphrase, RecoveryChoice.Passphrase, false)]
    [InlineData(RecoveryPolicy.Passphrase, RecoveryChoice.Hardened, true)]
    [InlineData(RecoveryPolicy.HardenedDefault, RecoveryChoice.NetworkDefault, true)]
    [InlineData(RecoveryPolicy.HardenedDefault, RecoveryChoice.Passphrase, false)]
    [InlineData(RecoveryPolicy.HardenedDefault, RecoveryChoice.Hardened, true)]
    [InlineData(RecoveryPolicy.HardenedOnly, RecoveryChoice.NetworkDefault, true)]
    [InlineData(RecoveryPolicy.HardenedOnly, RecoveryChoice.Hardened, true)]
    public void The_policy_decides_unless_the_user_chose_what_it_allows(RecoveryPolicy policy, RecoveryChoice choice, bool hardened)
        => Assert.Equal(hardened, WickrAccounts.ResolveHardened(policy, choice));

    [Fact]
    public void A_passphrase_copy_under_HardenedOnly_is_refused_as_the_gateway_would_refuse_it()
    {
        var ex = Assert.Throws<WickrClientException>(() => WickrAccounts.ResolveHardened(RecoveryPolicy.HardenedOnly, RecoveryChoice.Passphrase));

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains("HardenedOnly", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_choice_that_is_none_of_the_three_is_refused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => WickrAccounts.ResolveHardened(RecoveryPolicy.Passphrase, (RecoveryChoice)7));
}
