using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Auth;

namespace Wickr.Cluster.Grains.Auth;

/// <inheritdoc cref="IRegistrationTokenGrain"/>
[GrainType("wickr-registration-token")]
internal sealed class RegistrationTokenGrain(
    [PersistentState("token", WickrGrains.StorageName)] IPersistentState<RegistrationTokenState> state) : Grain, IRegistrationTokenGrain
{
    private const int IdHexLength = 32;

    public async Task<bool> TryUseAsync(byte[] rootIdentifier, DateTimeOffset expiresAt, int maxUses)
    {
        var key = this.GetPrimaryKeyString();
        if (key.Length != IdHexLength || !key.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw Require.Invalid("A registration token grain key is a 16-byte token id in lowercase hex.");
        }

        if (maxUses < 1)
        {
            throw Require.Invalid("A registration token admits at least one user.");
        }

        var root = GrainKeys.ForRoot(rootIdentifier);
        var users = state.State.UsedBy is null ? 0 : 1 + state.State.MoreUsers.Count;
        if (state.State.UsedBy == root || state.State.MoreUsers.Contains(root))
        {
            return true;
        }

        if (users >= maxUses)
        {
            return false;
        }

        var first = users == 0;
        if (first)
        {
            state.State.UsedBy = root;
        }
        else
        {
            state.State.MoreUsers.Add(root);
        }

        state.State.ExpiresAt = expiresAt;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            if (first)
            {
                state.State.UsedBy = null;
            }
            else
            {
                state.State.MoreUsers.Remove(root);
            }

            throw;
        }

        return true;
    }
}
