using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Wickr.Cluster.Configuration;
using Wickr.Cluster.Gateway;
using Wickr.Cluster.Grains;
using Wickr.Cluster.Hosting;
using Wickr.Cluster.Hosting.Telemetry;
using Wickr.Cluster.Silo.Hosting;

namespace Wickr.Cluster.Silo.Tests.Hosting;

/// <summary>
/// src/Silo/appsettings.json lists every section of the cluster's options with its defaults: the keys of every options
/// class (found by its <c>SectionName</c> constant) and nothing else, each with the value a new instance holds, so the
/// file and the classes cannot drift apart.
/// </summary>
public sealed class AppSettingsTests
{
    // ASP.NET Core's own sections, which no options class of ours binds.
    private static readonly string[] OtherSections = ["Kestrel", "Logging"];

    private static readonly Lazy<IConfigurationRoot> File = new(() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(TestRepository.Root, "src", "Silo", "appsettings.json"), optional: false, reloadOnChange: false)
        .Build());

    public static TheoryData<string> Sections() => [.. OptionsClasses().Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_options_class_of_the_silo_host_is_found()
    {
        Assert.Superset(
            new HashSet<string>(
            [
                "Silo", "Silo:AzureStorage", "Silo:Tls", "Silo:Sqlite", "Silo:Membership",
                "Grains:Mailbox", "Grains:EphemeralKeyPool", "Grains:User", "Grains:Sender", "Grains:Files",
                "Gateway", "Gateway:Registration", "Gateway:Recovery", "Gateway:Tls", "Telemetry",
            ]),
            OptionsClasses().Keys.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void The_file_lists_every_key_of_the_section_with_its_default(string section)
    {
        var type = OptionsClasses()[section];
        var defaults = Activator.CreateInstance(type)!;
        var listed = Leaves(File.Value).Keys.ToHashSet(StringComparer.Ordinal);
        var missing = Keys(type, section).Where(key => !listed.Contains(key)).ToList();
        Assert.True(missing.Count == 0, $"appsettings.json lacks {string.Join(", ", missing)}");

        // Bound as a host binds it: a value the binder cannot read fails here as it would at start.
        var bound = File.Value.GetSection(section).Get(type) ?? Activator.CreateInstance(type)!;
        var different = Differences(type, section, defaults, bound).ToList();
        Assert.True(different.Count == 0, $"appsettings.json differs from {type.Name}'s defaults: {string.Join("; ", different)}");
    }

    [Fact]
    public void The_file_lists_no_key_that_no_options_class_reads()
    {
        var known = OptionsClasses().SelectMany(c => Keys(c.Value, c.Key)).ToHashSet(StringComparer.Ordinal);
        var unknown = Leaves(File.Value).Keys
            .Where(key => !OtherSections.Contains(key.Split(':')[0], StringComparer.Ordinal) && !known.Contains(key))
            .ToList();
        Assert.True(unknown.Count == 0, $"appsettings.json lists keys no options class reads: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void A_key_or_a_default_out_of_step_is_found()
    {
        // What the checks above rely on, shown to catch a drift: a key the class lacks, and a value that is not the default.
        var drifted = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telemetry:Prometheus"] = "true",
            ["Telemetry:PrometheusPath"] = "/metrics",
            ["Telemetry:Prometheus2"] = "true",
        }).Build();
        var bound = drifted.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>()!;

        Assert.Equal(["Telemetry:Prometheus: True, not False"], Differences(typeof(TelemetryOptions), "Telemetry", new TelemetryOptions(), bound));
        Assert.DoesNotContain("Telemetry:Prometheus2", Keys(typeof(TelemetryOptions), "Telemetry"));
        Assert.Contains("Telemetry:Prometheus2", Leaves(drifted).Keys);
    }

    /// <summary>Every class of the silo host's assemblies that names its section in a constant <c>SectionName</c>, by that section.</summary>
    private static Dictionary<string, Type> OptionsClasses() =>
        new[] { typeof(SiloAzureStorageOptions), typeof(SiloOptions), typeof(GatewayOptions), typeof(MailboxOptions), typeof(SiloHostingExtensions) }
            .Select(t => t.Assembly)
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.IsClass && t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true })
            .ToDictionary(t => (string)t.GetField("SectionName")!.GetRawConstantValue()!, StringComparer.Ordinal);

    /// <summary>The configuration keys of <paramref name="type"/> below <paramref name="section"/>: settable values, lists, nested options.</summary>
    private static IEnumerable<string> Keys(Type type, string section)
    {
        foreach (var property in Bindable(type))
        {
            var key = $"{section}:{property.Name}";
            if (IsLeaf(property.PropertyType) || IsList(property.PropertyType))
            {
                // A list is listed empty ("[]"), as every list of ours starts.
                yield return key;
            }
            else
            {
                foreach (var nested in Keys(property.PropertyType, key))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>Every value of <paramref name="bound"/> that is not the default's, as <c>key: bound, not default</c>.</summary>
    private static IEnumerable<string> Differences(Type type, string section, object defaults, object bound)
    {
        foreach (var property in Bindable(type))
        {
            var key = $"{section}:{property.Name}";
            var (expected, actual) = (property.GetValue(defaults), property.GetValue(bound));
            if (IsLeaf(property.PropertyType))
            {
                // A JSON null binds as an empty string: both are "not set" to every string setting.
                if (!Equals(expected, actual) && !(property.PropertyType == typeof(string) && string.IsNullOrEmpty((string?)expected) && string.IsNullOrEmpty((string?)actual)))
                {
                    yield return $"{key}: {actual ?? "null"}, not {expected ?? "null"}";
                }
            }
            else if (IsList(property.PropertyType))
            {
                var (e, a) = (((IEnumerable)expected!).Cast<object>().ToList(), ((IEnumerable)actual!).Cast<object>().ToList());
                if (!e.SequenceEqual(a))
                {
                    yield return $"{key}: [{string.Join(", ", a)}], not [{string.Join(", ", e)}]";
                }
            }
            else
            {
                foreach (var difference in Differences(property.PropertyType, key, expected!, actual!))
                {
                    yield return difference;
                }
            }
        }
    }

    /// <summary>The leaves of a configuration: keys without children (an empty list is one), with their values.</summary>
    private static Dictionary<string, string?> Leaves(IConfiguration configuration)
    {
        var leaves = new Dictionary<string, string?>(StringComparer.Ordinal);
        var pending = new Stack<IConfigurationSection>(configuration.GetChildren());
        while (pending.TryPop(out var section))
        {
            var children = section.GetChildren().ToList();
            if (children.Count == 0)
            {
                leaves[section.Path] = section.Value;
            }

            children.ForEach(pending.Push);
        }

        return leaves;
    }

    // What the configuration binder sets: public properties with a public setter, lists it fills, and nested classes.
    private static IEnumerable<PropertyInfo> Bindable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .Where(p => p.SetMethod is { IsPublic: true } || IsList(p.PropertyType))
            .Where(p => IsLeaf(p.PropertyType) || IsList(p.PropertyType) || p.PropertyType.IsClass);

    private static bool IsLeaf(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(decimal)
            || underlying == typeof(TimeSpan) || underlying == typeof(DateTimeOffset) || underlying == typeof(Uri);
    }

    private static bool IsList(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);
}
