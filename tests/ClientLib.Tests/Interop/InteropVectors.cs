using System.Text.Json;

namespace Wickr.Cluster.ClientLib.Tests.Interop;

/// <summary>
/// The vectors produced by the reference implementation (wickr-crypto-c), read from WICKR_INTEROP_VECTORS or
/// the shared default path.
/// </summary>
public static class InteropVectors
{
    private static readonly Lazy<JsonDocument> Document = new(Load);

    public static JsonElement Root => Document.Value.RootElement;

    public static IEnumerable<JsonElement> Section(string name) => Root.GetProperty(name).EnumerateArray();

    public static string Path
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("WICKR_INTEROP_VECTORS");
            if (!string.IsNullOrEmpty(configured))
            {
                return configured;
            }

            // ../shared/vectors beside the repository root, found by walking up from the test binaries.
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "shared", "vectors", "wickr-c-vectors.json");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException("interop vectors not found: set WICKR_INTEROP_VECTORS or place ../shared/vectors/wickr-c-vectors.json beside the repository");
        }
    }

    public static byte[] Hex(this JsonElement element, string property) => Convert.FromHexString(element.GetProperty(property).GetString()!);

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    private static JsonDocument Load() => JsonDocument.Parse(File.ReadAllBytes(Path));
}
