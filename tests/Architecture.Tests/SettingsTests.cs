using System.Reflection;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Architecture.Tests;

/// <summary>
/// One way to name, read and check options: every options class of the cluster (one naming its configuration section,
/// by its full path, in a constant <c>SectionName</c>, and every class nested in one) ends in <c>Options</c>, says what is
/// wrong with it through <see cref="IValidatableOptions"/>, and is the only class of its section; options are checked by
/// one validator, not one per class.
/// </summary>
public sealed class SettingsTests
{
    private static readonly string[] ClusterAssemblies =
        ["Wickr.Cluster.Configuration", "Wickr.Cluster.Grains.Interfaces", "Wickr.Cluster.Grains", "Wickr.Cluster.Hosting", "Wickr.Cluster.Gateway"];

    [Fact]
    public void Every_options_class_and_every_class_nested_in_one_implements_IValidatableOptions()
    {
        var options = SettingsClasses().ToList();
        Assert.True(options.Count >= 13, $"found only {string.Join(", ", options.Select(t => t.Name))}");
        var others = options.Where(type => !typeof(IValidatableOptions).IsAssignableFrom(type)).Select(type => type.FullName).ToList();
        Assert.True(others.Count == 0, $"options classes that do not implement IValidatableOptions: {string.Join(", ", others)}");
    }

    [Fact]
    public void Every_options_class_is_named_Options_and_names_its_own_section_by_its_full_path()
    {
        var problems = new List<string>();
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in SettingsClasses())
        {
            if (!type.Name.EndsWith("Options", StringComparison.Ordinal))
            {
                problems.Add($"{type.FullName} does not end in Options.");
            }

            if (SectionName(type) is not { } section)
            {
                problems.Add($"{type.FullName} has no constant SectionName.");
            }
            else if (!sections.TryAdd(section, type))
            {
                problems.Add($"{type.FullName} and {sections[section].FullName} both bind section {section}.");
            }
        }

        // A nested class's section is its parent's, then the property's name: the path the binder takes.
        foreach (var parent in SettingsClasses())
        {
            foreach (var property in Nested(parent))
            {
                var expected = $"{SectionName(parent)}:{property.Name}";
                if (SectionName(property.PropertyType) is { } section && section != expected)
                {
                    problems.Add($"{property.PropertyType.FullName}.SectionName is '{section}'; it is bound from '{expected}' ({parent.Name}.{property.Name}).");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Options_are_checked_by_one_validator()
    {
        var validators = Assemblies().SelectMany(Types)
            .Where(type => type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidateOptions<>)))
            .Select(type => type.FullName)
            .ToList();
        Assert.Equal(["Wickr.Cluster.Configuration.ValidatedOptionsValidator`1"], validators);
    }

    private static string? SectionName(Type type) =>
        type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field && field.FieldType == typeof(string)
            ? (string?)field.GetRawConstantValue()
            : null;

    private static IEnumerable<PropertyInfo> Nested(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType.IsClass && p.PropertyType.Assembly.GetName().Name is { } name && ClusterAssemblies.Contains(name));

    private static IEnumerable<Type> SettingsClasses()
    {
        var roots = Assemblies().SelectMany(assembly => assembly.GetExportedTypes())
            .Where(type => type.IsClass && SectionName(type) is not null);
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(roots);
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }

            yield return type;
            foreach (var nested in Nested(type))
            {
                pending.Enqueue(nested.PropertyType);
            }
        }
    }

    private static IEnumerable<Assembly> Assemblies() => ClusterAssemblies.Select(Assembly.Load);

    private static IEnumerable<Type> Types(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
