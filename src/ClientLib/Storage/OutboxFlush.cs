using Wickr.Cluster.ClientLib.Client;

namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>One outbox entry sent again: its result, or why it could not go (it then stays in the outbox).</summary>
/// <param name="MessageId">The entry's message id.</param>
/// <param name="Result">The deliveries, when the send went out.</param>
/// <param name="Error">Why it did not (a root that differs from the pin, a refusal), or null.</param>
public sealed record OutboxFlush(string MessageId, SendResult? Result, string? Error)
{
    /// <summary>True when every recipient node took it (the entry left the outbox).</summary>
    public bool Delivered => Result is { AllQueued: true };
}
