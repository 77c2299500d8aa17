using Orleans.Concurrency;

namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>
/// The users a user's nodes have sent to (keyed by the user's root, <see cref="GrainKeys.ForRoot"/>): what the cluster
/// can know of "contacts" without reading a packet. A recipient node's mailbox counts a sender as a contact when its own
/// user has sent to the sender's user, and as a stranger otherwise; strangers share one slice of the mailbox together.
/// The node grain that stores a packet records its sender here, once per sender per activation.
/// </summary>
[Alias("wickr.contacts.v1")]
public interface IContactsGrain : IGrainWithStringKey
{
    /// <summary>Records that this user has sent to the user of <paramref name="recipientRootIdentifier"/>.</summary>
    [Alias("add")]
    [OneWay]
    Task AddAsync(byte[] recipientRootIdentifier);

    /// <summary>
    /// For each root key (<see cref="GrainKeys.ForRoot"/>), whether this user has sent to that user. An in-memory read
    /// that never awaits: it may run while a new contact's durable write is awaited, instead of queueing behind it.
    /// </summary>
    [Alias("are-contacts")]
    [AlwaysInterleave]
    Task<bool[]> AreContactsAsync(string[] rootKeys);
}
