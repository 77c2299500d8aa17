using BenchmarkDotNet.Running;
using Wickr.Cluster.Bench;

// Usage (from the repository root):
//   dotnet run -c Release --project bench/ClientLib.Bench -- --filter '*'     BenchmarkDotNet, then the ratio table
//   dotnet run -c Release --project bench/ClientLib.Bench -- --paired         interleaved protocol/raw cross-check
if (args.Contains("--paired"))
{
    PairedRatios.Run();
    return;
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchJobs).Assembly).Run(args).ToList();
RatioTable.Print(summaries);
