namespace Wickr.Cluster.Gateway;

/// <summary>Who may register a new user (<c>Gateway:Registration:Policy</c>).</summary>
public enum RegistrationPolicy
{
    /// <summary>Anyone, limited per source address (the embedded default, for trying it out).</summary>
    Open,

    /// <summary>Only with a registration token signed by the operator key (the enterprise default).</summary>
    Invite,
}
