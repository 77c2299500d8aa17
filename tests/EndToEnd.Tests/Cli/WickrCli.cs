using System.Diagnostics;
using System.Reflection;

namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>
/// One device as a person uses it: the real <c>wickr</c> binary with its own data folder, a passphrase in
/// WICKR_PASSPHRASE, a low scrypt cost for the store (the tests' only concession, WICKR_KDF_LOG2N) and a small key pool.
/// </summary>
internal sealed class WickrCli(string server, string home, string passphrase)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static string Assembly => typeof(WickrCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliAssembly").Value!;

    public string Home { get; } = home;

    /// <summary>The device's store file.</summary>
    public string StorePath => Path.Combine(Home, "device.db");

    public string Passphrase { get; } = passphrase;

    /// <summary>Runs a command to its end.</summary>
    public Task<CliRun> RunAsync(params string[] arguments) => RunWithAsync(new Dictionary<string, string>(), arguments);

    /// <summary>Runs a command with extra environment variables (a fault point, another passphrase).</summary>
    public async Task<CliRun> RunWithAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        using var process = Start(environment, arguments);
        return await process.WaitAsync(Timeout);
    }

    /// <summary>Runs a command and requires exit code 0.</summary>
    public async Task<CliRun> OkAsync(params string[] arguments)
    {
        var run = await RunAsync(arguments);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run;
    }

    /// <summary>Starts a command and leaves it running.</summary>
    public RunningCli Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("WICKR_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable);
        }
        start.Environment["WICKR_SERVER"] = server;
        start.Environment["WICKR_HOME"] = Home;
        start.Environment["WICKR_PASSPHRASE"] = Passphrase;
        start.Environment["WICKR_KDF_LOG2N"] = "10";
        start.Environment["WICKR_POOL_SIZE"] = "10";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return new RunningCli(start, arguments);
    }
}
