using BenchmarkDotNet.Running;
using Wickr.Cluster.Bench;

// Usage: dotnet run -c Release --project bench/ClientLib.Bench -- --filter '*'
// Jobs are configured per class (see BenchJobs); after the run a table of protocol/raw ratios is printed and
// written beside BenchmarkDotNet's own reports.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchJobs).Assembly).Run(args).ToList();
RatioTable.Print(summaries);
