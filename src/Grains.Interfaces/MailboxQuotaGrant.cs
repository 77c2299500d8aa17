namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// Room a sending user's mailbox quota gave one recipient node's mailbox (<see cref="IMailboxQuotaGrain.ReserveAsync"/>):
/// charged to the user at once, spent by that mailbox packet by packet without asking again until
/// <see cref="SpendUntil"/>, and lapsing by itself at <see cref="ExpiresAt"/>, when every packet stored on it has expired.
/// </summary>
/// <param name="Bytes">The bytes charged for the mailbox to spend.</param>
/// <param name="SpendUntil">Until when the mailbox may store packets on the grant.</param>
/// <param name="ExpiresAt">When the charge lapses: <paramref name="SpendUntil"/> plus the mailbox retention.</param>
[Alias("wickr.mailbox-quota-grant.v1")]
[GenerateSerializer, Immutable]
public sealed record MailboxQuotaGrant(
    [property: Id(0)] long Bytes,
    [property: Id(1)] DateTimeOffset SpendUntil,
    [property: Id(2)] DateTimeOffset ExpiresAt);
