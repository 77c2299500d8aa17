namespace Wickr.Cluster.Grains.Contacts;

/// <summary>The persisted contacts of a user: root keys of users its nodes have sent to, oldest first.</summary>
[Alias("wickr.contacts-state.v1")]
[GenerateSerializer]
internal sealed class ContactsState
{
    /// <summary>Root keys (<see cref="Interfaces.GrainKeys.ForRoot"/>), in the order first sent to.</summary>
    [Id(0)]
    public List<string> Roots { get; set; } = [];
}
