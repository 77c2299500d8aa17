using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Grains.Tests.Fixtures;

/// <summary>Who sends in the grain tests: what the gateway would take from the sender's token.</summary>
public sealed record Sender(byte[] RootIdentifier, byte[] NodeIdentifier)
{
    /// <summary>The sender of tests that do not care who sends.</summary>
    public static Sender Default { get; } = New();

    /// <summary>A new user with one node.</summary>
    public static Sender New() => new(TestData.RootIdentifier(), TestData.NodeId());

    /// <summary>This sender's envelope for a packet.</summary>
    public MailboxEnvelope Envelope(string messageId, byte[] packet) => new(RootIdentifier, NodeIdentifier, messageId, packet);
}

/// <summary>Enqueue as <see cref="Sender.Default"/>, for tests about the mailbox rather than its senders.</summary>
public static class NodeGrainExtensions
{
    public static Task<EnqueueResult> EnqueueAsync(this INodeGrain node, string messageId, byte[] packet) =>
        node.EnqueueAsync(Sender.Default.Envelope(messageId, packet));

    public static Task<EnqueueResult> EnqueueAsync(this INodeGrain node, Sender sender, string messageId, byte[] packet) =>
        node.EnqueueAsync(sender.Envelope(messageId, packet));
}
