using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol.Enrollment;

namespace Wickr.Cluster.EndToEnd.Tests.Harness;

/// <summary>A test user: the enrolled root and one client per device.</summary>
internal sealed record Person(string Name, EnrolledUser User, IReadOnlyList<WickrClient> Devices)
{
    public byte[] Root => User.Root.Identifier;

    public string RootHex => User.Root.IdentifierHex;

    /// <summary>The user name enrolled (the name with a unique suffix; its SHA-256 is the root identifier).</summary>
    public string UserName { get; init; } = Name;

    public WickrClient this[int device] => Devices[device];
}
