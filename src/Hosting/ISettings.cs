namespace Wickr.Cluster.Hosting;

/// <summary>
/// A settings class that says what is wrong with it: every problem, each naming its setting. The options pipeline
/// (<c>IValidateOptions</c> with <c>ValidateOnStart</c>) and <see cref="Settings.Read{T}"/> both ask this.
/// </summary>
public interface ISettings
{
    /// <summary>Every setting that cannot work, each named; empty when the settings are usable.</summary>
    /// <returns>One sentence per problem.</returns>
    IEnumerable<string> Validate();
}
