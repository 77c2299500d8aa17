using Wickr.Cluster.LoadTest.Cli;

namespace Wickr.Cluster.LoadTest;

/// <summary>wickr-load's entry point.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => WickrLoadCommand.Build(Console.Out, Console.Error).Parse(args).InvokeAsync();
}
