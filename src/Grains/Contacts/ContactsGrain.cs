using Microsoft.Extensions.Options;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Grains.Contacts;

/// <inheritdoc cref="IContactsGrain"/>
/// <remarks>
/// Bounded (<see cref="MailboxOptions.MaxContacts"/>, the oldest dropped beyond it) and written only when a new
/// contact is added, which a user's sends do once per recipient user. A user nobody sends from keeps no state.
/// </remarks>
[GrainType("wickr-contacts")]
internal sealed class ContactsGrain(
    [PersistentState("contacts", WickrGrains.StorageName)] IPersistentState<ContactsState> state,
    IOptions<MailboxOptions> options) : Grain, IContactsGrain
{
    private readonly HashSet<string> _roots = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _roots.UnionWith(state.State.Roots);
        return Task.CompletedTask;
    }

    public async Task AddAsync(byte[] recipientRootIdentifier)
    {
        Require.RootIdentifier(recipientRootIdentifier);
        var key = GrainKeys.ForRoot(recipientRootIdentifier);
        if (!_roots.Add(key))
        {
            return;
        }

        state.State.Roots.Add(key);
        while (state.State.Roots.Count > options.Value.MaxContacts)
        {
            _roots.Remove(state.State.Roots[0]);
            state.State.Roots.RemoveAt(0);
        }

        await state.WriteStateAsync();
    }

    public Task<bool[]> AreContactsAsync(string[] rootKeys) =>
        Task.FromResult(rootKeys is null ? [] : rootKeys.Select(_roots.Contains).ToArray());
}
