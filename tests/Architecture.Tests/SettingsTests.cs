using System.Reflection;
using Microsoft.Extensions.Options;
using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Architecture.Tests;

/// <summary>
/// One way to read and check settings: every settings class of the cluster (one naming its configuration section in a
/// constant <c>SectionName</c> or <c>Section</c>, and every class nested in one) says what is wrong with it through
/// <see cref="ISettings"/>, and options are checked by one validator, not one per class.
/// </summary>
public sealed class SettingsTests
{
    private static readonly string[] ClusterAssemblies =
        ["Wickr.Cluster.Configuration", "Wickr.Cluster.Grains.Interfaces", "Wickr.Cluster.Grains", "Wickr.Cluster.Hosting", "Wickr.Cluster.Gateway"];

    [Fact]
    public void Every_settings_class_and_every_class_nested_in_one_implements_ISettings()
    {
        var settings = SettingsClasses().ToList();
        Assert.True(settings.Count >= 10, $"found only {string.Join(", ", settings.Select(t => t.Name))}");
        var others = settings.Where(type => !typeof(ISettings).IsAssignableFrom(type)).Select(type => type.FullName).ToList();
        Assert.True(others.Count == 0, $"settings classes that do not implement ISettings: {string.Join(", ", others)}");
    }

    [Fact]
    public void Options_are_checked_by_one_validator()
    {
        var validators = Assemblies().SelectMany(Types)
            .Where(type => type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidateOptions<>)))
            .Select(type => type.FullName)
            .ToList();
        Assert.Equal(["Wickr.Cluster.Configuration.SettingsValidator`1"], validators);
    }

    private static IEnumerable<Type> SettingsClasses()
    {
        var roots = Assemblies().SelectMany(assembly => assembly.GetExportedTypes())
            .Where(type => type.IsClass && type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Any(field => field is { IsLiteral: true, Name: "SectionName" or "Section" } && field.FieldType == typeof(string)));
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(roots);
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }

            yield return type;
            foreach (var nested in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.PropertyType)
                .Where(t => t.IsClass && t.Assembly.GetName().Name is { } name && ClusterAssemblies.Contains(name)))
            {
                pending.Enqueue(nested);
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
