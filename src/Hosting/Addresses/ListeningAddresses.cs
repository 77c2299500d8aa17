using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Wickr.Cluster.Hosting.Addresses;

/// <summary>
/// The endpoints this host listens on, each under the setting that configured it (<c>Kestrel:Endpoints:Http</c>, the
/// gateway's URLs), with the address Kestrel bound: an endpoint configured with port 0 is known by the port the system
/// gave it once Kestrel has started.
/// </summary>
public sealed class ListeningAddresses
{
    /// <summary>The configuration section of Kestrel's named endpoints; each is recorded as <c>Kestrel:Endpoints:&lt;name&gt;</c>.</summary>
    public const string KestrelEndpointsSection = "Kestrel:Endpoints";

    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];

    /// <summary>Records an endpoint Kestrel is to bind for <paramref name="setting"/> (a setting may configure several).</summary>
    /// <param name="setting">The setting that configured the endpoint, as an operator writes it (<c>Gateway:Urls</c>).</param>
    /// <param name="listen">Kestrel's options of the endpoint, whose end point Kestrel replaces with the bound one.</param>
    /// <param name="https">Whether the endpoint speaks TLS.</param>
    public void Add(string setting, ListenOptions listen, bool https)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        ArgumentNullException.ThrowIfNull(listen);
        lock (_gate)
        {
            _entries.Add(new Entry(setting, listen, https));
        }
    }

    /// <summary>
    /// Records the one endpoint of <paramref name="setting"/>, replacing what was recorded for it before: Kestrel makes
    /// new options for a named endpoint each time it reloads its configuration.
    /// </summary>
    /// <param name="setting">The setting that configured the endpoint (<c>Kestrel:Endpoints:Http</c>).</param>
    /// <param name="listen">Kestrel's options of the endpoint.</param>
    /// <param name="https">Whether the endpoint speaks TLS.</param>
    public void Set(string setting, ListenOptions listen, bool https)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        ArgumentNullException.ThrowIfNull(listen);
        lock (_gate)
        {
            _entries.RemoveAll(entry => entry.Setting == setting);
            _entries.Add(new Entry(setting, listen, https));
        }
    }

    /// <summary>The bound URLs (<c>http://127.0.0.1:41234</c>) by setting; an endpoint not bound yet is left out.</summary>
    /// <returns>Every setting with at least one bound endpoint, in the order they were recorded.</returns>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Bound()
    {
        var bound = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var group in Snapshot().Where(entry => entry.BoundEndPoint is not null).GroupBy(entry => entry.Setting))
        {
            bound[group.Key] = [.. group.Select(entry => $"{(entry.Https ? "https" : "http")}://{entry.BoundEndPoint}")];
        }

        return bound;
    }

    /// <summary>The bound ports of the endpoints whose setting starts with <paramref name="settingPrefix"/>.</summary>
    /// <param name="settingPrefix">A setting or the section above several (<see cref="KestrelEndpointsSection"/>).</param>
    /// <returns>The ports; empty before Kestrel has bound them.</returns>
    public IReadOnlySet<int> Ports(string settingPrefix) =>
        Snapshot()
            .Where(entry => entry.Setting.StartsWith(settingPrefix, StringComparison.OrdinalIgnoreCase) && entry.BoundEndPoint is not null)
            .Select(entry => entry.BoundEndPoint!.Port)
            .ToHashSet();

    private List<Entry> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    private sealed record Entry(string Setting, ListenOptions Listen, bool Https)
    {
        // Port 0 until Kestrel has bound the endpoint and put the system's port in its place.
        public IPEndPoint? BoundEndPoint => Listen.IPEndPoint is { Port: > 0 } endPoint ? endPoint : null;
    }
}
