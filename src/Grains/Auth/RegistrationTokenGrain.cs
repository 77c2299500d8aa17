using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Interfaces.Auth;

namespace Wickr.Cluster.Grains.Auth;

/// <inheritdoc cref="IRegistrationTokenGrain"/>
[GrainType("wickr-registration-token")]
internal sealed class RegistrationTokenGrain(
    [PersistentState("token", WickrGrains.StorageName)] IPersistentState<RegistrationTokenState> state) : Grain, IRegistrationTokenGrain
{
    private const int IdHexLength = 32;

    public async Task<bool> TryUseAsync(byte[] rootIdentifier, DateTimeOffset expiresAt)
    {
        var key = this.GetPrimaryKeyString();
        if (key.Length != IdHexLength || !key.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw Require.Invalid("A registration token grain key is a 16-byte token id in lowercase hex.");
        }

        var root = GrainKeys.ForRoot(rootIdentifier);
        if (state.State.UsedBy is { } usedBy)
        {
            return usedBy == root;
        }

        state.State.UsedBy = root;
        state.State.ExpiresAt = expiresAt;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.UsedBy = null;
            throw;
        }

        return true;
    }
}
