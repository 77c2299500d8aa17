namespace Wickr.Cluster.Gateway.Messages;

/// <summary>Where <see cref="SendAdmission"/> sends a send.</summary>
internal enum SendRoute
{
    /// <summary>Nothing this gateway remembers decides it: the node's sender grain takes its budget and fans it out.</summary>
    AskSender,

    /// <summary>Paid for by the node's send lease (its cost is taken): the gateway queues it in the mailboxes itself.</summary>
    Lease,

    /// <summary>The sender grain refused the node's sends until a retry-after that has not passed: refused here, again.</summary>
    Refuse,
}
