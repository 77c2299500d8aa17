using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.TypeSystem;
using Wickr.Cluster.Grains;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Architecture.Tests;

/// <summary>
/// Rolling upgrades: silos of the next version call silos of this one and read the state it stored. Orleans names a grain
/// interface, a grain method and a serialized type on the wire (and a type where the storage codec writes one) by its
/// <c>[Alias]</c>, and without one by its .NET name, a method by a hash of its full signature. So every grain interface,
/// grain method, serialized or persisted type of the grains carries an alias, no two share one, and an alias changes
/// only on purpose: <c>GrainAliases.txt</c> lists every one a running cluster knows.
/// </summary>
public sealed partial class GrainAliasTests
{
    private static readonly Assembly[] GrainAssemblies = [typeof(INodeGrain).Assembly, typeof(WickrGrains).Assembly];

    [Fact]
    public void Every_grain_interface_and_grain_method_has_an_alias()
    {
        var interfaces = GrainInterfaces().ToList();
        Assert.True(interfaces.Count >= 12, $"found only {string.Join(", ", interfaces.Select(i => i.Name))}");
        var missing = interfaces.Where(i => AliasOf(i) is null).Select(i => i.FullName)
            .Concat(interfaces.SelectMany(GrainMethods).Where(m => AliasOf(m) is null).Select(m => $"{m.DeclaringType!.FullName}.{m.Name}"))
            .ToList();
        Assert.True(missing.Count == 0, $"without [Alias]: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_serialized_and_persisted_type_has_an_alias()
    {
        var types = WireTypes();
        Assert.Contains(typeof(MailboxEnvelope), types);
        Assert.Contains(typeof(ClusterErrorCode), types);
        Assert.Contains(types, t => t.Name == "NodeState");
        Assert.Contains(types, t => t.Name == "FileQuotaState");
        var missing = types.Where(t => AliasOf(t) is null).Select(t => t.FullName).Order().ToList();
        Assert.True(missing.Count == 0, $"serialized or persisted without [Alias]: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Aliases_are_unique_and_versioned_so_a_renamed_type_or_method_keeps_its_wire_name()
    {
        var typeAliases = GrainInterfaces().Concat(WireTypes()).Distinct().Select(t => (Alias: AliasOf(t)!, Name: t.FullName!)).ToList();
        Assert.All(typeAliases, a => Assert.Matches(TypeAlias(), a.Alias));
        var shared = typeAliases.GroupBy(a => a.Alias).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(a => a.Name))}");
        Assert.Empty(shared);

        foreach (var grain in GrainInterfaces())
        {
            var methods = GrainMethods(grain).Select(m => (Alias: AliasOf(m)!, m.Name)).ToList();
            Assert.All(methods, m => Assert.Matches(MethodAlias(), m.Alias));
            Assert.Equal(methods.Count, methods.Select(m => m.Alias).Distinct().Count());
        }
    }

    [Fact]
    public void The_aliases_are_those_a_running_cluster_knows()
    {
        var current = GrainInterfaces().Concat(WireTypes()).Distinct().Select(t => AliasOf(t)!)
            .Concat(GrainInterfaces().SelectMany(i => GrainMethods(i).Select(m => $"{AliasOf(i)}/{AliasOf(m)}")))
            .Order(StringComparer.Ordinal)
            .ToList();
        var known = File.ReadAllLines(Path.Combine(Repository.Root, "tests", "Architecture.Tests", "GrainAliases.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();

        // A new alias is added to the list; one that disappears or changes breaks every silo and row still using it.
        Assert.Equal(known, current);
    }

    [Fact]
    public void The_orleans_codec_names_each_type_by_its_alias_and_writes_no_dotnet_name()
    {
        using var services = new ServiceCollection()
            .AddSerializer(builder => Array.ForEach(GrainAssemblies, assembly => builder.AddAssembly(assembly)))
            .BuildServiceProvider();
        var converter = services.GetRequiredService<TypeConverter>();
        foreach (var type in GrainInterfaces().Concat(WireTypes()).Distinct())
        {
            Assert.Equal(AliasOf(type), converter.Format(type));
        }

        // Where a type must be named (a field typed as a base class, an exception), the bytes carry the alias.
        var serializer = services.GetRequiredService<Serializer>();
        var bytes = Encoding.UTF8.GetString(serializer.SerializeToArray<object>(new ClusterException(ClusterErrorCode.NotFound, "gone")));
        Assert.Contains("wickr.cluster-exception.v1", bytes, StringComparison.Ordinal);
        Assert.DoesNotContain("Wickr.Cluster", bytes, StringComparison.Ordinal);
        var registration = new NodeRegistration(new byte[32], new byte[32], new byte[134], new byte[143]);
        bytes = Encoding.UTF8.GetString(serializer.SerializeToArray<object>(registration));
        Assert.Contains("wickr.node-registration.v1", bytes, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(NodeRegistration), bytes, StringComparison.Ordinal);
    }

    private static IEnumerable<Type> Types() =>
        GrainAssemblies.SelectMany(a => a.GetTypes()).Where(t => t.Namespace?.StartsWith("Wickr.Cluster", StringComparison.Ordinal) == true);

    private static IEnumerable<Type> GrainInterfaces() =>
        Types().Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t));

    private static IEnumerable<MethodInfo> GrainMethods(Type grainInterface) =>
        grainInterface.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);

    /// <summary>
    /// Types the codec writes: those it generates a serializer for, the grains' persistent state, and every type of ours
    /// a grain method takes or returns or a serialized member holds.
    /// </summary>
    private static HashSet<Type> WireTypes()
    {
        var roots = Types().Where(t => t.GetCustomAttribute<GenerateSerializerAttribute>() is not null)
            .Concat(Types().Where(t => t.IsClass && !t.IsAbstract && typeof(IGrain).IsAssignableFrom(t))
                .SelectMany(grain => grain.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
                .SelectMany(constructor => constructor.GetParameters())
                .Select(parameter => parameter.ParameterType)
                .Where(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IPersistentState<>))
                .Select(type => type.GetGenericArguments()[0]))
            .Concat(GrainInterfaces().SelectMany(GrainMethods)
                .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)));

        var found = new HashSet<Type>();
        var pending = new Queue<Type>(roots);
        while (pending.TryDequeue(out var type))
        {
            if (type.HasElementType)
            {
                pending.Enqueue(type.GetElementType()!);
                continue;
            }

            if (type.IsGenericType)
            {
                Array.ForEach(type.GetGenericArguments(), pending.Enqueue);
                continue;
            }

            if (!GrainAssemblies.Contains(type.Assembly) || type.IsInterface || !found.Add(type))
            {
                continue;
            }

            const BindingFlags members = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetProperties(members).Select(p => (p.PropertyType, (MemberInfo)p))
                .Concat(type.GetFields(members).Select(f => (f.FieldType, (MemberInfo)f))))
            {
                if (member.Item2.GetCustomAttribute<IdAttribute>() is not null)
                {
                    pending.Enqueue(member.Item1);
                }
            }
        }

        return found;
    }

    private static string? AliasOf(MemberInfo member) => member.GetCustomAttribute<AliasAttribute>()?.Alias;

    [GeneratedRegex(@"^wickr\.[a-z0-9]+(-[a-z0-9]+)*\.v[1-9][0-9]*$")]
    private static partial Regex TypeAlias();

    [GeneratedRegex(@"^[a-z]+(-[a-z]+)*$")]
    private static partial Regex MethodAlias();
}
