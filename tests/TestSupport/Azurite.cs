using System.Diagnostics;

namespace Wickr.Cluster.Testing;

/// <summary>
/// The Azure Storage emulator for tests. CI starts one and exports its connection string in
/// WICKR_AZURITE_CONNECTION_STRING; without it (a plain <c>dotnet test</c>) the first caller starts one
/// in-memory Azurite from .ci/azurite on free loopback ports, shared by the whole test run and stopped
/// when the test process exits. Tests isolate themselves with unique table prefixes and service ids.
/// Part of the shared test support, for every test project that needs it.
/// </summary>
public static class Azurite
{
    public const string ConnectionStringVariable = "WICKR_AZURITE_CONNECTION_STRING";

    // The emulator's fixed, published development account.
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? connectionString;

    /// <summary>A connection string for a running emulator, starting one on first use when CI has not.</summary>
    public static async Task<string> GetConnectionStringAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        await Gate.WaitAsync();
        try
        {
            connectionString ??= await StartAsync();
            return connectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A fresh table prefix (a letter then hex), so fixtures sharing the emulator never see each other's rows.</summary>
    public static string UniquePrefix(string kind) => kind + Guid.NewGuid().ToString("N")[..12];

    private static async Task<string> StartAsync()
    {
        var directory = Path.Combine(TestRepository.Root, ".ci", "azurite");
        var executable = Path.Combine(directory, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            await InstallAsync(directory);
        }

        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var ports = Loopback.FreePorts(3);
            try
            {
                await LaunchAsync(executable, ports[0], ports[1], ports[2]);
                return $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};" +
                    $"BlobEndpoint=http://127.0.0.1:{ports[0]}/{Account};" +
                    $"QueueEndpoint=http://127.0.0.1:{ports[1]}/{Account};" +
                    $"TableEndpoint=http://127.0.0.1:{ports[2]}/{Account};";
            }
            catch (InvalidOperationException e)
            {
                // Most likely another process took a port between picking and binding; pick again.
                last = e;
            }
        }

        throw new InvalidOperationException("Azurite did not start.", last);
    }

    private static async Task LaunchAsync(string executable, int blobPort, int queuePort, int tablePort)
    {
        // bash stays in between so that Azurite also dies when this test process is killed: its stdin (our pipe)
        // closes, `cat` returns and Azurite is killed outright (it is in memory, there is nothing to flush; a
        // SIGTERM can leave it waiting on its closed console). Background jobs get /dev/null as stdin unless
        // told otherwise, hence fd 3.
        var log = Path.Combine(Path.GetTempPath(), $"wickr-azurite-{Environment.ProcessId}-{tablePort}.log");
        var script = "exec 3<&0; \"$0\" \"$@\" </dev/null >\"$AZURITE_LOG\" 2>&1 & child=$!; " +
            "(cat <&3 >/dev/null; kill -9 $child 2>/dev/null) & wait $child";
        var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, UseShellExecute = false };
        start.Environment["AZURITE_LOG"] = log;
        foreach (var argument in new[]
        {
            "-c", script, executable, "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl",
            "--blobHost", "127.0.0.1", "--blobPort", Invariant(blobPort),
            "--queueHost", "127.0.0.1", "--queuePort", Invariant(queuePort),
            "--tableHost", "127.0.0.1", "--tablePort", Invariant(tablePort),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var started = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite.");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!(await Loopback.IsListeningAsync(blobPort) && await Loopback.IsListeningAsync(tablePort)))
        {
            if (started.HasExited || DateTime.UtcNow > deadline)
            {
                Stop(started);
                var output = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
                throw new InvalidOperationException($"Azurite did not listen on {blobPort}/{tablePort}: {output}");
            }

            await Task.Delay(200);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Stop(started);
            File.Delete(log);
        };
    }

    private static void Stop(Process running)
    {
        try
        {
            running.StandardInput.Close();
            if (!running.WaitForExit(5000))
            {
                running.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            running.Dispose();
        }
    }

    private static string Invariant(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task InstallAsync(string directory)
    {
        // Test projects may run in parallel: one `npm ci` at a time, the others wait and then find it done.
        using var lockFile = await AcquireLockAsync(Path.Combine(directory, ".install.lock"));
        if (File.Exists(Path.Combine(directory, "node_modules", ".bin", "azurite")))
        {
            return;
        }

        var start = new ProcessStartInfo("npm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "ci", "--prefix", directory, "--no-audit", "--no-fund", "--loglevel=error" })
        {
            start.ArgumentList.Add(argument);
        }

        using var npm = Process.Start(start) ?? throw new InvalidOperationException("Could not start npm.");
        var stdout = npm.StandardOutput.ReadToEndAsync();
        var stderr = npm.StandardError.ReadToEndAsync();
        await npm.WaitForExitAsync();
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {directory} failed ({npm.ExitCode}): {await stdout}{await stderr}");
        }
    }

    private static async Task<FileStream> AcquireLockAsync(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }
}
