using Wickr.Cluster.LoadTest.Running;
using Wickr.Cluster.LoadTest.Scenarios;
using Wickr.Cluster.LoadTest.Target;

namespace Wickr.Cluster.LoadTest.Cli;

/// <summary>A run as the command line asked for it, checked.</summary>
internal sealed record RunRequest(Scenario Scenario, TargetOptions Target, string OutputFolder, IReadOnlyList<Slo> Slos);
