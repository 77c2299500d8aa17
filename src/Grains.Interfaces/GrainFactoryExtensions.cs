using Wickr.Cluster.Grains.Interfaces.Files;

namespace Wickr.Cluster.Grains.Interfaces;

/// <summary>Typed look-ups of the protocol's grains by identifier bytes.</summary>
public static class GrainFactoryExtensions
{
    /// <summary>The user grain of a root identifier.</summary>
    /// <param name="factory">The grain factory or cluster client.</param>
    /// <param name="rootIdentifier">The root identifier (1 to 127 bytes).</param>
    public static IUserGrain GetUserGrain(this IGrainFactory factory, ReadOnlySpan<byte> rootIdentifier)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.GetGrain<IUserGrain>(GrainKeys.ForRoot(rootIdentifier));
    }

    /// <summary>The node grain (identity and mailbox) of a node identifier.</summary>
    /// <param name="factory">The grain factory or cluster client.</param>
    /// <param name="nodeIdentifier">The node identifier (32 bytes).</param>
    public static INodeGrain GetNodeGrain(this IGrainFactory factory, ReadOnlySpan<byte> nodeIdentifier)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.GetGrain<INodeGrain>(GrainKeys.ForNode(nodeIdentifier));
    }

    /// <summary>The ephemeral key pool grain of a node identifier.</summary>
    /// <param name="factory">The grain factory or cluster client.</param>
    /// <param name="nodeIdentifier">The node identifier (32 bytes).</param>
    public static IEphemeralKeyPoolGrain GetEphemeralKeyPoolGrain(this IGrainFactory factory, ReadOnlySpan<byte> nodeIdentifier)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.GetGrain<IEphemeralKeyPoolGrain>(GrainKeys.ForNode(nodeIdentifier));
    }

    /// <summary>The send budget grain of a root identifier.</summary>
    /// <param name="factory">The grain factory or cluster client.</param>
    /// <param name="rootIdentifier">The sending user's root identifier (1 to 127 bytes).</param>
    public static ISenderGrain GetSenderGrain(this IGrainFactory factory, ReadOnlySpan<byte> rootIdentifier)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.GetGrain<ISenderGrain>(GrainKeys.ForRoot(rootIdentifier));
    }

    /// <summary>The mailbox quota grain of a sending user's root identifier.</summary>
    /// <param name="factory">The grain factory or cluster client.</param>
    /// <param name="rootIdentifier">The sending user's root identifier (1 to 127 bytes).</param>
    public static IMailboxQuotaGrain GetMailboxQuotaGrain(this IGrainFactory factory, ReadOnlySpan<byte> rootIdentifier)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.GetGrain<IMailboxQuotaGrain>(GrainKeys.ForRoot(rootIdentifier));
    }

    /// <summary>The file grain of a blob id.</summary>
    /// <param name="factory">The grain factory or cluster client.</param>
    /// <param name="blobId">The blob id (16 bytes).</param>
    public static IFileGrain GetFileGrain(this IGrainFactory factory, ReadOnlySpan<byte> blobId)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.GetGrain<IFileGrain>(BlobKeys.ForBlob(blobId));
    }

    /// <summary>The file quota grain of a root identifier.</summary>
    /// <param name="factory">The grain factory or cluster client.</param>
    /// <param name="rootIdentifier">The user's root identifier (1 to 127 bytes).</param>
    public static IFileQuotaGrain GetFileQuotaGrain(this IGrainFactory factory, ReadOnlySpan<byte> rootIdentifier)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.GetGrain<IFileQuotaGrain>(GrainKeys.ForRoot(rootIdentifier));
    }
}
