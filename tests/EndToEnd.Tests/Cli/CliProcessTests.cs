using System.Security.Cryptography;
using System.Text.Json;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>
/// The <c>wickr</c> binary driven as a person would, each device in its own data folder, against a real silo and
/// gateway. The parts live in the files beside this one; the scenario that ends with the storage scan runs last
/// (it stops the cluster).
/// </summary>
[TestCaseOrderer(RunLastOrderer.TypeName, RunLastOrderer.AssemblyName)]
[Trait("Category", "Slow")]
public sealed partial class CliProcessTests(EmbeddedClusterFixture fixture, ITestOutputHelper output) : IClassFixture<EmbeddedClusterFixture>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wickr-cli-").FullName;

    private string Server => "http://" + fixture.Cluster.Channel.Target;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A process killed mid-write may still hold a file for a moment; the temp folder is cleaned eventually.
        }
    }

    /// <summary>A device with a fresh data folder; users get unique names because the cluster is shared by the class.</summary>
    private WickrCli Device(string folder, string passphrase) => new(Server, Path.Combine(_root, folder), passphrase);

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];

    private async Task<(WickrCli Device, string Name, JsonElement Init)> InitAsync(string person)
    {
        var name = Unique(person);
        var device = Device(person, $"{person}'s long passphrase");
        var init = await device.OkAsync("init", name, "--json");
        output.WriteLine($"{name}: {init.Stdout.Trim()}");
        return (device, name, init.Json);
    }

    private static List<JsonElement> Inbox(CliRun run) => [.. run.Json.EnumerateArray()];

    private static string? Text(JsonElement message) => message.GetProperty("text").GetString();

    private static byte[] Hash(string path) => SHA256.HashData(File.ReadAllBytes(path));
}
