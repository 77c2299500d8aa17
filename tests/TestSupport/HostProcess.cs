using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Wickr.Cluster.Testing;

/// <summary>
/// One real host process (`dotnet Wickr.Cluster.Silo.dll`, the gateway, or any built tool), configured by environment
/// variables, its output appended to a log file. bash stays in between and sends the host SIGTERM when our stdin pipe
/// closes, so the host dies with the test process even when that is killed outright: no orphans, in every test project.
/// That watcher holds none of the output pipes, so the output ends when the host exits.
/// Every host is told a file of its own (<c>Hosting:AddressesFile</c>) to announce the URLs it bound, so tests start
/// hosts on port 0 and read the port the system gave (<see cref="AddressAsync"/>) instead of picking one that another
/// process may take first.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const string Watchdog =
        "exec 3<&0; \"$0\" \"$@\" </dev/null & child=$!; (cat <&3 >/dev/null; kill $child 2>/dev/null) >/dev/null 2>&1 & wait $child";

    // The hosts' own sections (and the retired Wickr:Gateway, which a host refuses), as environment variable prefixes.
    private static readonly string[] OwnSections = ["Silo__", "Grains__", "Gateway__", "Telemetry__", "Hosting__", "Wickr__"];

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly object _logGate = new();
    private bool _stopped;

    private HostProcess(string name, Process process, StreamWriter log, string logPath, string addressesFile)
    {
        Name = name;
        _process = process;
        _log = log;
        LogPath = logPath;
        AddressesFile = addressesFile;
    }

    /// <summary>The name that prefixes every log line.</summary>
    public string Name { get; }

    /// <summary>The file the host's output is appended to.</summary>
    public string LogPath { get; }

    /// <summary>Where the host writes the URLs it bound once it has started (<c>Hosting:AddressesFile</c>).</summary>
    public string AddressesFile { get; }

    /// <summary>Whether the host (and its watchdog) exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The host's exit code once it exited (the watchdog passes it on; 128 + n after signal n).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the host printed so far, for failure messages.</summary>
    public string Output => ReadLog();

    /// <summary>The process id of the host itself (not of the watchdog), for /proc readings; null once it is gone.</summary>
    public int? HostProcessId
    {
        get
        {
            var children = $"/proc/{_process.Id}/task/{_process.Id}/children";
            if (!File.Exists(children))
            {
                return null;
            }
            foreach (var pid in File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var commandLine = $"/proc/{pid}/cmdline";
                if (File.Exists(commandLine) && File.ReadAllText(commandLine).StartsWith("dotnet", StringComparison.Ordinal))
                {
                    return int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            return null;
        }
    }

    /// <summary>An environment value that removes the variable instead, e.g. to run a host with its own log levels.</summary>
    public const string Unset = "\u0000unset";

    /// <summary>The setting under which a host announces the URLs of the gateway's gRPC API.</summary>
    public const string GatewayUrls = "Gateway:Urls";

    /// <summary>The setting under which a host announces its HTTP/1.1 endpoint (health, metrics) when tests configure it.</summary>
    public const string HttpEndpoint = "Kestrel:Endpoints:Http";

    private const string AddressesFileVariable = "Hosting__AddressesFile";

    /// <summary>Starts the built host <paramref name="assemblyFile"/> of <c>src/&lt;project&gt;</c>, logging to a temp file.</summary>
    public static HostProcess StartBuilt(string project, string assemblyFile, IReadOnlyDictionary<string, string> environment) =>
        Start(project, TestRepository.BuiltHost(project, assemblyFile), environment,
            Path.Combine(Path.GetTempPath(), $"wickr-{project.ToLowerInvariant()}-{Guid.NewGuid():N}.log"));

    /// <summary>Starts <c>dotnet <paramref name="assemblyPath"/></c> with <paramref name="environment"/>, appending its output to <paramref name="logPath"/>.</summary>
    public static HostProcess Start(string name, string assemblyPath, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new InvalidOperationException($"{name}: {assemblyPath} is not built.");
        }
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
        };
        foreach (var argument in new[] { "-c", Watchdog, "dotnet", assemblyPath })
        {
            start.ArgumentList.Add(argument);
        }
        // A clean environment for the host's own settings: nothing inherited may point it elsewhere.
        foreach (var key in start.Environment.Keys.Where(k => OwnSections.Any(section => k.StartsWith(section, StringComparison.Ordinal))).ToList())
        {
            start.Environment.Remove(key);
        }
        var addressesFile = Path.Combine(Path.GetTempPath(), $"wickr-addresses-{Guid.NewGuid():N}.json");
        start.Environment[AddressesFileVariable] = addressesFile;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Warnings and errors only: request-by-request logs would bury what matters when a test fails.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        // Every client of a test runs on this machine, from loopback: the per-source limits would count them all as one.
        // Tests of those limits set these back.
        start.Environment["Gateway__Registration__ExemptLoopback"] = "true";
        start.Environment["Gateway__Connections__MaxConnectionsPerSource"] = "0";
        foreach (var (key, value) in environment)
        {
            if (value == Unset)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        var host = new HostProcess(name, process, log, logPath, addressesFile);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Polls <paramref name="probe"/> until it answers true; fails with the log when the host exits or time runs out.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> probe, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before {what}:\n{ReadLog()}");
            }
            try
            {
                if (await probe())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException or System.Net.Sockets.SocketException or Grpc.Core.RpcException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} was not {what} after {timeout}:\n{ReadLog()}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Waits for the host to exit on its own (a host that refuses to start) and returns its exit code.</summary>
    /// <exception cref="TimeoutException">The host still runs after <paramref name="timeout"/>; the message holds its log.</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var timeoutSource = new CancellationTokenSource(timeout);
        try
        {
            // Returns once the output is read to its end too.
            await _process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} still runs after {timeout}:\n{ReadLog()}");
        }

        return _process.ExitCode;
    }

    /// <summary>The lines the host printed so far, without the name in front.</summary>
    public IReadOnlyList<string> Lines() =>
        [.. ReadLog().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith($"{Name} | ", StringComparison.Ordinal))
            .Select(line => line[(Name.Length + 3)..].TrimEnd('\r'))
            .Where(line => !line.StartsWith("[harness]", StringComparison.Ordinal))];

    /// <summary>
    /// The first URL the host bound for <paramref name="setting"/> (<see cref="HttpEndpoint"/>, <see cref="GatewayUrls"/>),
    /// from its addresses file; fails with the log when the host exits or time runs out before it announced them.
    /// </summary>
    public async Task<Uri> AddressAsync(string setting, TimeSpan timeout)
    {
        var addresses = await AddressesAsync(timeout);
        return addresses.TryGetValue(setting, out var urls) && urls.Count > 0
            ? urls[0]
            : throw new InvalidOperationException($"{Name} announced nothing for {setting}, only: {string.Join(", ", addresses.Keys)}");
    }

    /// <summary>
    /// Every URL the host bound, by the setting that configured it, read from its addresses file once it has started;
    /// fails with the log when the host exits or time runs out first.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<Uri>>> AddressesAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(AddressesFile))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it announced its addresses:\n{ReadLog()}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} announced no addresses within {timeout}:\n{ReadLog()}");
            }
            await Task.Delay(100);
        }

        // The host renames a complete file into place, so what exists is whole.
        using var addresses = JsonDocument.Parse(await File.ReadAllBytesAsync(AddressesFile));
        return addresses.RootElement.EnumerateObject().ToDictionary(
            setting => setting.Name,
            setting => (IReadOnlyList<Uri>)[.. setting.Value.EnumerateArray().Select(url => new Uri(url.GetString()!))],
            StringComparer.Ordinal);
    }

    /// <summary>The log so far.</summary>
    public string ReadLog()
    {
        lock (_logGate)
        {
            _log.Flush();
        }
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Asks the host to stop as an orchestrator would (SIGTERM via the watchdog), kills the tree if it lingers past
    /// <paramref name="timeout"/> (15 s by default), and returns its exit code.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (_stopped)
        {
            return _process.HasExited ? _process.ExitCode : -1;
        }
        _stopped = true;
        try
        {
            _process.StandardInput.Close();
            using var timeoutSource = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeoutSource.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        Append($"[harness] {Name} stopped");
        return _process.HasExited ? _process.ExitCode : -1;
    }

    /// <summary>Kills the host and its watchdog outright (SIGKILL): nothing of the host runs after this.</summary>
    public async Task KillAsync()
    {
        _stopped = true;
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        Append($"[harness] {Name} killed");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        // A host that was killed could not remove it.
        File.Delete(AddressesFile);
        lock (_logGate)
        {
            _log.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_logGate)
        {
            try
            {
                _log.WriteLine($"{Name} | {line}");
            }
            catch (ObjectDisposedException)
            {
                // Output after disposal.
            }
        }
    }
}
