using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Wickr.Cluster.Testing;

/// <summary>
/// A PostgreSQL server for tests. With WICKR_POSTGRES_CONNECTION_STRING set (a superuser's connection string to a
/// running server), tests use that server; otherwise the first caller starts one from the server binaries on PATH or
/// under /usr/lib/postgresql/*/bin (Debian's <c>postgresql</c> package), on a free loopback port with a throwaway data
/// directory, shared by the whole test run and stopped (its directory deleted) when the test process exits. As root,
/// the server runs as the <c>postgres</c> user (PostgreSQL refuses root). Each caller of <see cref="CreateDatabaseAsync"/>
/// gets a database of its own, so test classes never see each other's rows.
/// </summary>
public static class Postgres
{
    public const string ConnectionStringVariable = "WICKR_POSTGRES_CONNECTION_STRING";

    private const string Superuser = "wickr";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? serverConnectionString;

    /// <summary>A superuser's connection string to the server's <c>postgres</c> database, starting the server on first use.</summary>
    public static async Task<string> GetServerConnectionStringAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        await Gate.WaitAsync();
        try
        {
            serverConnectionString ??= await StartAsync();
            return serverConnectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Creates an empty database named after <paramref name="kind"/> plus random hex, and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string kind)
    {
        var server = await GetServerConnectionStringAsync();
        var name = (kind + Guid.NewGuid().ToString("N")[..12]).ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever is still connected to it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(await GetServerConnectionStringAsync());
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>The directory holding <c>initdb</c> and <c>postgres</c>, or null when neither PATH nor /usr/lib/postgresql has them.</summary>
    public static string? FindBinaries()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).ToList();
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            // The highest installed major version first.
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "postgres")));
    }

    private static async Task<string> StartAsync()
    {
        var binaries = FindBinaries() ?? throw new InvalidOperationException(
            "No PostgreSQL server found on PATH or under /usr/lib/postgresql/*/bin: install it (apt-get install postgresql) "
            + $"or set {ConnectionStringVariable} to a running server's superuser connection string.");
        var asRoot = Environment.UserName == "root";
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"wickr-postgres-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
        Directory.CreateDirectory(dataDirectory);
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", dataDirectory]);
        }

        // Trust on loopback only; fsync off because tests kill silos, never the database server, and the shared
        // test machine's disk is slow. Transactions still commit synchronously (synchronous_commit stays on).
        await RunAsync(asRoot ? "runuser" : Path.Combine(binaries, "initdb"), [
            .. asRoot ? new[] { "-u", "postgres", "--", Path.Combine(binaries, "initdb") } : [],
            "-D", dataDirectory, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions"]);

        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = Loopback.FreePorts(1)[0];
            try
            {
                return await LaunchAsync(binaries, dataDirectory, port, asRoot);
            }
            catch (InvalidOperationException e)
            {
                // Most likely another process took the port between picking and binding; pick again.
                last = e;
            }
        }

        throw new InvalidOperationException("PostgreSQL did not start.", last);
    }

    private static async Task<string> LaunchAsync(string binaries, string dataDirectory, int port, bool asRoot)
    {
        // bash stays in between so that the server also stops when this test process is killed: its stdin (our pipe)
        // closes, `cat` returns, the postmaster gets SIGQUIT (immediate shutdown: nothing of a throwaway database
        // needs saving) and the data directory is deleted. Background jobs get /dev/null as stdin unless told
        // otherwise, hence fd 3.
        var log = dataDirectory + ".log";
        var script = "exec 3<&0; \"$@\" </dev/null >\"$PG_LOG\" 2>&1 & child=$!; "
            + "(cat <&3 >/dev/null; kill -QUIT $(head -n 1 \"$PG_DATA/postmaster.pid\" 2>/dev/null) 2>/dev/null) & "
            + "wait $child; rm -rf \"$PG_DATA\" \"$PG_LOG\"";
        var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, UseShellExecute = false };
        start.Environment["PG_LOG"] = log;
        start.Environment["PG_DATA"] = dataDirectory;
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("postgres-test");
        if (asRoot)
        {
            foreach (var argument in new[] { "runuser", "-u", "postgres", "--" })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in new[]
        {
            Path.Combine(binaries, "postgres"), "-D", dataDirectory, "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture),
            "-k", dataDirectory, "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "max_connections=300",
            "-c", "shared_buffers=32MB",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var started = Process.Start(start) ?? throw new InvalidOperationException("Could not start PostgreSQL.");
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = Superuser,
            Database = "postgres",
            Timeout = 5,
        }.ConnectionString;
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await AcceptsAsync(connectionString))
        {
            if (started.HasExited || DateTime.UtcNow > deadline)
            {
                Stop(started);
                var output = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
                throw new InvalidOperationException($"PostgreSQL did not accept connections on port {port}: {output}");
            }

            await Task.Delay(200);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(started);
        return connectionString;
    }

    private static async Task<bool> AcceptsAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static void Stop(Process running)
    {
        try
        {
            running.StandardInput.Close();
            if (!running.WaitForExit(10_000))
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

    private static async Task RunAsync(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {await stdout}{await stderr}");
        }
    }
}
