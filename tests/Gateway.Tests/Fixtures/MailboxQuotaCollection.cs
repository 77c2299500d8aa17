namespace Wickr.Cluster.Gateway.Tests.Fixtures;

/// <summary>The tests that share one <see cref="MailboxQuotaFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class MailboxQuotaCollection : ICollectionFixture<MailboxQuotaFixture>
{
    public const string Name = "gateway-mailbox-quota";
}
