namespace Wickr.Cluster.EndToEnd.Tests.Harness;

/// <summary>Marks the test that must run after every other test of its class (the storage scan).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RunLastAttribute : Attribute;
