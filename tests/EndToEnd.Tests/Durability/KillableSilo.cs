using System.Diagnostics;
using System.Globalization;
using System.Text;
using Grpc.Net.Client;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Wickr.Cluster.Testing;

namespace Wickr.Cluster.EndToEnd.Tests.Durability;

/// <summary>
/// A real silo process hosting its own gateway (embedded mode, SQLite in a given data directory), started without
/// the harness's watchdog so the test can end it with SIGKILL: no shutdown, no flush, nothing but what is on disk.
/// </summary>
internal sealed class KillableSilo : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private KillableSilo(Process process, GrpcChannel channel)
    {
        _process = process;
        Channel = channel;
    }

    /// <summary>A channel to the silo's own gateway.</summary>
    public GrpcChannel Channel { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<KillableSilo> StartAsync(string dataDirectory, string tokenSecret, IReadOnlyDictionary<string, string> settings)
    {
        var ports = Azurite.FreeLoopbackPorts(4);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(ClusterBuild.SiloAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ClusterBuild.SiloAssembly);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Silo__", StringComparison.Ordinal) || k.StartsWith("Wickr__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        var serviceId = "kill" + Path.GetFileName(dataDirectory)[..8];
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Silo__Mode"] = "Embedded",
            ["Silo__DataDirectory"] = dataDirectory,
            ["Silo__ClusterId"] = serviceId,
            ["Silo__ServiceId"] = serviceId,
            ["Silo__SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["Silo__GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{ports[2]}",
            ["Wickr__Gateway__Urls"] = $"http://127.0.0.1:{ports[3]}",
            ["Wickr__Gateway__TokenSecret"] = tokenSecret,
            ["Wickr__Gateway__GenerateTokenSecretIfMissing"] = "false",
        };
        foreach (var (key, value) in environment.Concat(settings))
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The silo did not start.");
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{ports[3]}");
        var silo = new KillableSilo(process, channel);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                await silo.DisposeAsync();
                throw new InvalidOperationException($"The silo exited with {process.ExitCode}:\n{silo.Output}");
            }

            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{ports[2]}/health/ready"))).IsSuccessStatusCode)
                {
                    return silo;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                await silo.DisposeAsync();
                throw new TimeoutException($"The silo was not ready after {StartTimeout}:\n{silo.Output}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Unix) and wait for the process to be gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
