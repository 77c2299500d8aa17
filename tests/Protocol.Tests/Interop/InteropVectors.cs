using System.Text.Json;

namespace Wickr.Cluster.Protocol.Tests.Interop;

/// <summary>
/// The vectors produced by the reference implementation (wickr-crypto-c), read from WICKR_INTEROP_VECTORS or
/// the copy carried in this project (Interop/Vectors).
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

            // The copy in this project's Interop/Vectors, placed beside the test binaries by the build.
            var bundled = System.IO.Path.Combine(AppContext.BaseDirectory, "Interop", "Vectors", "wickr-c-vectors.json");
            return File.Exists(bundled)
                ? bundled
                : throw new FileNotFoundException($"interop vectors not found at {bundled}: rebuild the test project or set WICKR_INTEROP_VECTORS");
        }
    }

    public static byte[] Hex(this JsonElement element, string property) => Convert.FromHexString(element.GetProperty(property).GetString()!);

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    private static JsonDocument Load() => JsonDocument.Parse(File.ReadAllBytes(Path));
}
