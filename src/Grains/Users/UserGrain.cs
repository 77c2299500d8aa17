using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Grains.Users;

/// <inheritdoc cref="IUserGrain"/>
[GrainType("wickr-user")]
internal sealed class UserGrain(
    [PersistentState("user", WickrGrains.StorageName)] IPersistentState<UserState> user,
    [PersistentState("recovery", WickrGrains.StorageName)] IPersistentState<RecoveryState> recovery,
    IOptions<UserOptions> options) : Grain, IUserGrain
{
    // Compared against when there is no stored verifier, so an unknown user costs what a wrong key costs.
    private static readonly byte[] NoVerifier = RandomNumberGenerator.GetBytes(RecoveryAccess.VerifierSize);

    private readonly UserOptions _options = options.Value;

    private byte[] RootIdentifier
    {
        get
        {
            var key = this.GetPrimaryKeyString();
            if (!GrainKeys.IsRootGrainKey(key))
            {
                throw Require.Invalid("A user grain key is a root identifier in lowercase hex.");
            }

            return Convert.FromHexString(key);
        }
    }

    public async Task<bool> RegisterAsync(byte[] rootPublicKey)
    {
        _ = RootIdentifier;
        Require.PublicKey(rootPublicKey, "A root public key");

        if (user.State.RootPublicKey is { } existing)
        {
            return existing.AsSpan().SequenceEqual(rootPublicKey)
                ? false
                : throw Require.Error(ClusterErrorCode.Conflict, "The root is already registered with another key.");
        }

        user.State.RootPublicKey = rootPublicKey;
        try
        {
            await user.WriteStateAsync();
        }
        catch
        {
            user.State.RootPublicKey = null;
            throw;
        }

        return true;
    }

    public async Task<bool> AddNodeAsync(NodeRegistration node)
    {
        var rootIdentifier = RootIdentifier;
        Require.Node(node);
        var rootPublicKey = RequireRegistered();

        var known = user.State.Nodes.Find(n => n.NodeId.AsSpan().SequenceEqual(node.NodeId));
        if (known is not null)
        {
            return SameNode(known, node)
                ? false
                : throw Require.Error(ClusterErrorCode.Conflict, "The node is already registered with other keys.");
        }

        if (user.State.Nodes.Count >= _options.MaxNodes)
        {
            throw Require.Error(ClusterErrorCode.LimitExceeded, $"A user has at most {_options.MaxNodes} nodes.");
        }

        // The node grain first: if the user write then fails, a retry finds the node attached and finishes.
        await GrainFactory.GetNodeGrain(node.NodeId).AttachAsync(new NodeChain(rootIdentifier, rootPublicKey, node));

        user.State.Nodes.Add(node);
        try
        {
            await user.WriteStateAsync();
        }
        catch
        {
            user.State.Nodes.Remove(node);
            throw;
        }

        return true;
    }

    public async Task RemoveNodeAsync(byte[] nodeId)
    {
        var rootIdentifier = RootIdentifier;
        Require.NodeIdentifier(nodeId);
        RequireRegistered();

        var index = user.State.Nodes.FindIndex(n => n.NodeId.AsSpan().SequenceEqual(nodeId));
        if (index < 0)
        {
            throw Require.Error(ClusterErrorCode.NotFound, "The user has no such node.");
        }

        // The node grain first, so a retry after a failed user write still finds the node to remove.
        await GrainFactory.GetNodeGrain(nodeId).DetachAsync(rootIdentifier);

        var removed = user.State.Nodes[index];
        user.State.Nodes.RemoveAt(index);
        try
        {
            await user.WriteStateAsync();
        }
        catch
        {
            user.State.Nodes.Insert(index, removed);
            throw;
        }
    }

    public Task<UserProfile> GetProfileAsync()
    {
        var rootIdentifier = RootIdentifier;
        var rootPublicKey = RequireRegistered();
        return Task.FromResult(new UserProfile(rootIdentifier, rootPublicKey, [.. user.State.Nodes]));
    }

    public async Task<bool> StoreRecoveryBundleAsync(byte[] sealedBundle, byte[] accessVerifier)
    {
        _ = RootIdentifier;
        if (sealedBundle is null || sealedBundle.Length == 0)
        {
            throw Require.Invalid("A recovery bundle must not be empty.");
        }

        if (sealedBundle.Length > _options.MaxRecoveryBundleBytes)
        {
            throw Require.Error(ClusterErrorCode.TooLarge,
                $"A recovery bundle has at most {_options.MaxRecoveryBundleBytes} bytes.");
        }

        Require.Bytes(accessVerifier, RecoveryAccess.VerifierSize, "A recovery access verifier");
        RequireRegistered();

        var (previous, previousVerifier) = (recovery.State.SealedBundle, recovery.State.AccessVerifier);
        recovery.State.SealedBundle = sealedBundle;
        recovery.State.AccessVerifier = accessVerifier;
        try
        {
            await recovery.WriteStateAsync();
        }
        catch
        {
            (recovery.State.SealedBundle, recovery.State.AccessVerifier) = (previous, previousVerifier);
            throw;
        }

        return previous is not null;
    }

    public Task<byte[]> FetchRecoveryBundleAsync(byte[] accessVerifier)
    {
        _ = RootIdentifier;
        Require.Bytes(accessVerifier, RecoveryAccess.VerifierSize, "A recovery access verifier");

        // Nothing is counted here (the gateway counts wrong answers per source and user in its own memory), so an id
        // someone made up leaves no activation behind and a wrong key writes nothing.
        var registered = user.State.RootPublicKey is not null;
        if (!registered)
        {
            DeactivateOnIdle();
        }

        var state = recovery.State;
        var stored = registered && state.SealedBundle is not null ? state.AccessVerifier ?? NoVerifier : NoVerifier;
        var matches = CryptographicOperations.FixedTimeEquals(stored, accessVerifier);
        return matches && !ReferenceEquals(stored, NoVerifier)
            ? Task.FromResult(state.SealedBundle!)
            : throw Require.Error(ClusterErrorCode.PermissionDenied, RecoveryAccess.DeniedMessage);
    }

    private byte[] RequireRegistered()
    {
        if (user.State.RootPublicKey is { } rootPublicKey)
        {
            return rootPublicKey;
        }

        // Found nothing: leave no activation behind for an id someone made up (it holds no state to keep).
        DeactivateOnIdle();
        throw Require.Error(ClusterErrorCode.NotFound, "The user is not registered.");
    }

    private static bool SameNode(NodeRegistration a, NodeRegistration b) =>
        a.DevId.AsSpan().SequenceEqual(b.DevId)
        && a.NodePublicKey.AsSpan().SequenceEqual(b.NodePublicKey)
        && a.RootSignature.AsSpan().SequenceEqual(b.RootSignature);
}
