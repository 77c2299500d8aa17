using System.Globalization;
using Wickr.Cluster.EndToEnd.Tests.Cli;
using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Configuration;

/// <summary>
/// Every refused setting, as an operator or a user meets it: the real silo, standalone gateway, <c>wickr</c> and
/// <c>wickr-admin</c> processes given a value that cannot work print one line naming it and exit non-zero, with no
/// stack trace ("   at ...") and no "Unhandled exception".
/// </summary>
[Trait("Category", "Slow")]
public sealed class BadSettingsProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wickr-bad-settings-").FullName;

    public static TheoryData<string, string, string, string> HostSettings() => new()
    {
        // host, variable, value, what the line must name
        { "Silo", "Gateway__Registration__Policy", "Invite", "Gateway:Registration:OperatorPublicKey" },
        { "Silo", "Gateway__Registration__Policy", "Invitation", "Gateway:Registration:Policy is 'Invitation', which is not one of Open, Invite" },
        { "Silo", "Silo__SiloPort", "eleven", "Silo:SiloPort is 'eleven', which is not a whole number" },
        { "Silo", "Grains__Mailbox__Retention", "30d", "Grains:Mailbox:Retention is '30d', which is not a duration" },
        { "Silo", "Silo__Mode", "Azure", "Silo:AzureStorage:ConnectionString" },
        { "Silo", "Silo__Mode", "Cloud", "Silo:Mode is 'Cloud'" },
        { "Gateway", "Gateway__TokenSecret", "", "Gateway:TokenSecret" },
        { "Gateway", "Gateway__Registration__Policy", "Invitation", "Gateway:Registration:Policy is 'Invitation'" },
        { "Gateway", "Gateway__Recovery__Policy", "Hardened", "Gateway:Recovery:Policy is 'Hardened', which is not one of Passphrase, HardenedDefault, HardenedOnly" },
        { "Gateway", "Gateway__TokenLifetime", "1h", "Gateway:TokenLifetime is '1h', which is not a duration" },
        { "Gateway", "Telemetry__Prometheus", "yes", "Telemetry:Prometheus is 'yes', which is not true or false" },
        { "Gateway", "Gateway__Urls", "http://gateway.example:5081", "Gateway:Urls" },
    };

    [Theory]
    [MemberData(nameof(HostSettings))]
    public async Task A_host_refuses_a_bad_setting_in_one_line_naming_it(string host, string variable, string value, string named)
    {
        var ports = Loopback.FreePorts(2);
        var environment = new Dictionary<string, string>
        {
            ["Silo__SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["Silo__GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Silo__DataDirectory"] = Path.Combine(_root, "data"),
            ["Gateway__Urls"] = "http://127.0.0.1:0",
            ["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0",
            ["Gateway__TokenSecret"] = Convert.ToBase64String(new byte[32]),
        };
        environment[variable] = value;
        var assembly = host == "Silo" ? ClusterBuild.SiloAssembly : ClusterBuild.GatewayAssembly;
        await using var process = HostProcess.Start(host, assembly, environment, Path.Combine(_root, $"{host}.log"));
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var lines = process.Lines();
        output.WriteLine($"{host} {variable}={value} → {exitCode}: {string.Join(" / ", lines)}");

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(lines);
        Assert.StartsWith("Invalid configuration: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
    }

    public static TheoryData<string[], int, string> AdminCommands() => new()
    {
        { ["issue-token", "missing.key"], 1, "no operator key file missing.key" },
        { ["issue-token", "garbled.key"], 1, "garbled.key is not an operator key" },
        { ["issue-token", "not-p521.key"], 1, "not-p521.key is not an operator key" },
        { ["issue-token", "operator.key", "--valid", "soon"], 2, "--valid takes a number of days" },
        { ["operator-key", "operator.key"], 1, "operator.key exists" },
        { ["revoke", "operator.key"], 2, "unknown command 'revoke'" },
    };

    [Theory]
    [MemberData(nameof(AdminCommands))]
    public async Task Wickr_admin_refuses_a_bad_key_file_or_command_line_in_one_line(string[] arguments, int exitCode, string named)
    {
        Assert.Equal(0, (await BuiltTool.AdminAsync(_root, "operator-key", "operator.key")).ExitCode);
        await File.WriteAllTextAsync(Path.Combine(_root, "garbled.key"), "this is not base64!\n");
        await File.WriteAllTextAsync(Path.Combine(_root, "not-p521.key"), Convert.ToBase64String(new byte[64]) + "\n");

        var run = await BuiltTool.AdminAsync(_root, arguments);
        output.WriteLine(run.ToString());

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("wickr-admin: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wickr_admin_help_goes_to_stdout_with_exit_code_0()
    {
        var run = await BuiltTool.AdminAsync(_root, "--help");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("issue-token <private-key-file>", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stderr);
    }

    public static TheoryData<string[], string, string, int, string> CliSettings() => new()
    {
        // arguments, variable, value, exit code, what the line must name
        { ["status"], "WICKR_SERVER", "gateway.example:5081", 2, "--server must be an http:// or https:// address" },
        { ["status"], "WICKR_CA", "/no/such/ca.pem", 2, "--ca: no file /no/such/ca.pem" },
        { ["init", "someone"], "WICKR_REGISTRATION_TOKEN", "not a token!", 2, "--registration-token is not a registration token" },
        { ["status"], "WICKR_HOME", "/no/such/home", 4, "no device store at /no/such/home" },
        { ["send", "bob", "hi", "--ttl", "soon"], "WICKR_PASSPHRASE", "x", 2, "--ttl: 'soon' is not a duration such as 30s, 5m, 1h or 7d" },
    };

    [Theory]
    [MemberData(nameof(CliSettings))]
    public async Task Wickr_refuses_a_bad_setting_in_one_line_naming_it(string[] arguments, string variable, string value, int exitCode, string named)
    {
        var environment = new Dictionary<string, string>
        {
            ["WICKR_HOME"] = Path.Combine(_root, "home"),
            ["WICKR_PASSPHRASE"] = "a passphrase",
            ["WICKR_SERVER"] = "http://127.0.0.1:1",
            [variable] = value,
        };
        var run = await BuiltTool.RunAsync("CliAssembly", _root, environment, arguments);
        output.WriteLine(run.ToString());

        Assert.Equal(exitCode, run.ExitCode);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(lines, line => line.StartsWith("   at ", StringComparison.Ordinal));
        Assert.Contains(named, lines[0], StringComparison.Ordinal);
        Assert.InRange(lines.Length, 1, 2); // the line, and for a command-line error the hint "Try `wickr --help`."
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A host that just exited may hold its log for a moment; the temp folder is cleaned eventually.
        }
    }
}
