namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// The device's received messages, named by their mailbox sequence, under one lifetime rule: a message with a time to
/// live is deleted that many seconds after the send time its sender signed (never later than this device received
/// it), a burn-on-read message that many seconds after it was first read, whichever comes first. An expired message is
/// never returned, whether or not <see cref="Purge"/> has run since. Messages get in through
/// <see cref="IClientState.Accept"/>, together with their replay keys. The device store keeps them on disk, encrypted;
/// <see cref="MemoryClientState"/> in memory.
/// </summary>
public interface IMessageStore
{
    /// <summary>How many messages are alive.</summary>
    int Count { get; }

    /// <summary>
    /// The live messages after mailbox sequence <paramref name="afterSequence"/>, in mailbox order, at most
    /// <paramref name="maxCount"/>. Listing is not reading: no burn-on-read countdown starts.
    /// </summary>
    IReadOnlyList<StoredMessage> List(long afterSequence = 0, int maxCount = int.MaxValue);

    /// <summary>One message, or null when it is not held (never was, expired or burned). Finding is not reading.</summary>
    StoredMessage? Find(long sequence);

    /// <summary>
    /// Reads a message: the first read starts its burn-on-read countdown. Null when it is not held (never was, expired
    /// or burned).
    /// </summary>
    StoredMessage? Read(long sequence);

    /// <summary>Deletes a message now; false when it was not held.</summary>
    bool Delete(long sequence);

    /// <summary>Deletes every message whose time to live or burn-on-read time ran out; returns how many.</summary>
    int Purge();
}
