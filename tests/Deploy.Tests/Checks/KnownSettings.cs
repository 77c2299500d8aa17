using System.Collections;
using System.Reflection;
using Orleans.Hosting.Kubernetes;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Gateway;
using Wickr.Cluster.Grains;
using Wickr.Cluster.Hosting;

namespace Wickr.Cluster.Deploy.Tests.Checks;

/// <summary>
/// Which configuration keys a host reads: the properties of its options classes (walked by reflection, so a new
/// setting is known the moment it exists) plus the few keys read directly (Orleans' and OpenTelemetry's own). An
/// environment variable whose key is not among them is a typo or a setting that does not exist, and would be ignored
/// silently.
/// </summary>
internal sealed class KnownSettings
{
    private static readonly string[] OpenTelemetryVariables =
        ["OTEL_SERVICE_NAME", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_RESOURCE_ATTRIBUTES"];

    private readonly Dictionary<string, Type> _sections;
    private readonly HashSet<string> _keys;
    private readonly HashSet<string> _ignored;

    private KnownSettings(Dictionary<string, Type> sections, IEnumerable<string> keys, IEnumerable<string> ignored)
    {
        _sections = sections;
        _keys = new HashSet<string>(keys.Concat(OpenTelemetryVariables), StringComparer.OrdinalIgnoreCase);
        _ignored = new HashSet<string>(ignored, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The silo host: the options classes of the shared settings, of the hosting, of the gateway (embedded) and of the
    /// grains (their limits and the SQLite store), and Orleans' Kubernetes hosting.
    /// </summary>
    public static KnownSettings Silo { get; } = new(
        new Dictionary<string, Type>(
            OptionsClasses(
                typeof(SiloAzureStorageOptions).Assembly,
                typeof(SiloOptions).Assembly,
                typeof(GatewayOptions).Assembly,
                typeof(MailboxOptions).Assembly,
                typeof(Wickr.Cluster.Silo.Hosting.SiloHostingExtensions).Assembly),
            StringComparer.OrdinalIgnoreCase),
        [
            KubernetesHostingOptions.PodNameEnvironmentVariable,
            KubernetesHostingOptions.PodNamespaceEnvironmentVariable,
            KubernetesHostingOptions.PodIPEnvironmentVariable,
        ],
        []);

    /// <summary>
    /// The standalone gateway: the options classes of its own assembly and of the shared ones, less
    /// <see cref="GatewayOptions.Enabled"/>, which only the silo host reads.
    /// </summary>
    public static KnownSettings Gateway { get; } = new(
        new Dictionary<string, Type>(
            OptionsClasses(typeof(SiloAzureStorageOptions).Assembly, typeof(SiloOptions).Assembly, typeof(GatewayOptions).Assembly),
            StringComparer.OrdinalIgnoreCase),
        [],
        [$"{GatewayOptions.SectionName}:{nameof(GatewayOptions.Enabled)}"]);

    /// <summary>The configuration key of an environment variable (<c>__</c> separates sections).</summary>
    public static string KeyOf(string variable) => variable.Replace("__", ":", StringComparison.Ordinal);

    /// <summary>True when the host reads <paramref name="key"/>.</summary>
    public bool Knows(string key)
    {
        if (_ignored.Contains(key))
        {
            return false;
        }

        if (_keys.Contains(key))
        {
            return true;
        }

        var parts = key.Split(':');

        // ASP.NET Core's own: Kestrel endpoints and log levels.
        if (parts.Length == 4 && Is(parts[0], "Kestrel") && Is(parts[1], "Endpoints") && (Is(parts[3], "Url") || Is(parts[3], "Protocols")))
        {
            return true;
        }

        if (parts.Length == 3 && Is(parts[0], "Logging") && Is(parts[1], "LogLevel"))
        {
            return true;
        }

        // The longest section that prefixes the key, then the property path below it.
        foreach (var (section, type) in _sections.OrderByDescending(s => s.Key.Length))
        {
            var sectionParts = section.Split(':');
            if (parts.Length > sectionParts.Length && sectionParts.Select((p, i) => Is(p, parts[i])).All(b => b))
            {
                return HasPath(type, parts.AsSpan(sectionParts.Length));
            }
        }

        return false;
    }

    /// <summary>
    /// Every public class of <paramref name="assemblies"/> that names its configuration section (full path) in a public
    /// constant <c>SectionName</c> (SiloOptions, TelemetryOptions, GatewayOptions, MailboxOptions, ...): an options class
    /// added tomorrow is known without touching these checks.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, Type>> OptionsClasses(params Assembly[] assemblies) =>
        assemblies.SelectMany(a => a.GetExportedTypes())
            .Where(t => t.IsClass && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(c => c.Field is { IsLiteral: true } && c.Field.FieldType == typeof(string))
            .Select(c => KeyValuePair.Create((string)c.Field!.GetRawConstantValue()!, c.Type));

    private static bool HasPath(Type type, ReadOnlySpan<string> path)
    {
        if (path.IsEmpty)
        {
            return !IsLeaf(type);
        }

        if (ElementOfList(type) is { } element)
        {
            return int.TryParse(path[0], out _) && (path.Length == 1 ? IsLeaf(element) : HasPath(element, path[1..]));
        }

        var name = path[0];
        var property = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => Is(p.Name, name) && (p.CanWrite || ElementOfList(p.PropertyType) is not null || !IsLeaf(p.PropertyType)));
        if (property is null)
        {
            return false;
        }

        return path.Length == 1 ? IsLeaf(property.PropertyType) : HasPath(property.PropertyType, path[1..]);
    }

    private static bool IsLeaf(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(decimal)
            || underlying == typeof(TimeSpan) || underlying == typeof(DateTimeOffset) || underlying == typeof(Uri);
    }

    private static Type? ElementOfList(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        return type.IsArray
            ? type.GetElementType()
            : type.GetInterfaces().Append(type)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
