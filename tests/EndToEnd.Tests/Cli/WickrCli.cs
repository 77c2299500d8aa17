using System.Diagnostics;
using System.Reflection;

namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>
/// One device as a person uses it, with its own data folder and a passphrase in WICKR_PASSPHRASE. By default the
/// commands run in the tests' host of the command line (tests/CliTestHost: the same commands, with a low scrypt cost
/// for the store and a small key pool, the tests' only concessions, which the shipped binary offers no way to set);
/// <paramref name="shipped"/> runs the real <c>wickr</c> binary instead.
/// </summary>
internal sealed class WickrCli(string server, string home, string passphrase, bool shipped = false)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static string Built(string key) => typeof(WickrCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public string Home { get; } = home;

    /// <summary>The device's store file.</summary>
    public string StorePath => Path.Combine(Home, "device.db");

    public string Passphrase { get; } = passphrase;

    /// <summary>Runs a command to its end.</summary>
    public Task<CliRun> RunAsync(params string[] arguments) => RunWithAsync(new Dictionary<string, string>(), arguments);

    /// <summary>Runs a command with extra environment variables (another passphrase).</summary>
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
    public RunningCli Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) => Start(environment, null, arguments);

    /// <summary>Starts a send that stops at outbox step <paramref name="point"/> (<c>queued</c> or <c>sent</c>), says so on stderr and waits to be killed.</summary>
    public RunningCli StartPausedAt(string point, params string[] arguments) => Start(new Dictionary<string, string>(), point, arguments);

    private RunningCli Start(IReadOnlyDictionary<string, string> environment, string? pauseAt, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (shipped)
        {
            Assert.Null(pauseAt);
            start.ArgumentList.Add(Built("CliAssembly"));
        }
        else
        {
            start.ArgumentList.Add(Built("CliTestHostAssembly"));
            foreach (var hostArgument in new[] { "--store-kdf-log2n", "10", "--pool-size", "10" })
            {
                start.ArgumentList.Add(hostArgument);
            }
            if (pauseAt is not null)
            {
                start.ArgumentList.Add("--pause-at");
                start.ArgumentList.Add(pauseAt);
            }
            start.ArgumentList.Add("--");
        }
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
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return new RunningCli(start, arguments);
    }
}
