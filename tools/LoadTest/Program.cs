using Wickr.Cluster.LoadTest.Cli;

namespace Wickr.Cluster.LoadTest;

/// <summary>wickr-load's entry point.</summary>
internal static class Program
{
    // Ctrl-C cancels the run; it then has this long to end its operations and write the report of what ran.
    public static Task<int> Main(string[] args) => WickrLoadCommand.Build(Console.Out, Console.Error).Parse(args)
        .InvokeAsync(new System.CommandLine.InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
}
