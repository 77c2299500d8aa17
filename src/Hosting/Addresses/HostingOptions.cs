using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Hosting.Addresses;

/// <summary>How a host tells others where it listens: configuration section <c>Hosting</c> (environment variables <c>Hosting__Name</c>).</summary>
public sealed class HostingOptions : IValidatableOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Hosting";

    /// <summary>
    /// An absolute path where the host writes, once it has started, the URLs it listens on (as JSON: each setting that
    /// configured endpoints, such as <c>Kestrel:Endpoints:Http</c>, with the URLs bound for it, port 0 resolved to the
    /// port the system gave). The file is replaced in one step, so a reader sees all of it or none, and removed when the
    /// host stops. For a supervisor or script that starts a host on port 0. Default: empty, no file.
    /// </summary>
    public string? AddressesFile { get; set; }

    /// <inheritdoc/>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrEmpty(AddressesFile))
        {
            yield break;
        }

        if (!Path.IsPathFullyQualified(AddressesFile))
        {
            yield return $"{nameof(AddressesFile)} must be an absolute path, not '{AddressesFile}'.";
        }
        else if (Path.GetDirectoryName(AddressesFile) is not { } folder || !Directory.Exists(folder))
        {
            yield return $"{nameof(AddressesFile)}: the folder of '{AddressesFile}' does not exist.";
        }
    }
}
