using Xunit.Abstractions;
using Xunit.Sdk;

namespace Wickr.Cluster.EndToEnd.Tests.Harness;

/// <summary>Runs a class's tests by name, those marked <see cref="RunLastAttribute"/> after all the others.</summary>
public sealed class RunLastOrderer : ITestCaseOrderer
{
    public const string TypeName = "Wickr.Cluster.EndToEnd.Tests.Harness.RunLastOrderer";
    public const string AssemblyName = "Wickr.Cluster.EndToEnd.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase
        => testCases
            .OrderBy(t => t.TestMethod.Method.GetCustomAttributes(typeof(RunLastAttribute).AssemblyQualifiedName).Any() ? 1 : 0)
            .ThenBy(t => t.TestMethod.Method.Name, StringComparer.Ordinal);
}
