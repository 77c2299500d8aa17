using System.Text.Json;

namespace Wickr.Cluster.Protocol.Tests.Interop;

/// <summary>
/// The reference implementation's encrypted-file vectors (openssl_aes256_file_encrypt), read from WICKR_FILE_VECTORS
/// or the copy carried in this project (Interop/Vectors/wickr-c-file-vectors.json).
/// </summary>
public static class FileVectors
{
    private static readonly Lazy<JsonDocument> Document = new(() => JsonDocument.Parse(File.ReadAllBytes(Path)));

    /// <summary>Every vector: name, key (serialized cipher key), plaintext, ciphertext.</summary>
    public static IEnumerable<JsonElement> Files => Document.Value.RootElement.GetProperty("files").EnumerateArray();

    /// <summary>The vector names, for theories.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (var file in Files)
            {
                names.Add(file.Str("name"));
            }
            return names;
        }
    }

    public static JsonElement Named(string name) => Files.Single(f => f.Str("name") == name);

    public static string Path
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("WICKR_FILE_VECTORS");
            if (!string.IsNullOrEmpty(configured))
            {
                return configured;
            }
            var bundled = System.IO.Path.Combine(AppContext.BaseDirectory, "Interop", "Vectors", "wickr-c-file-vectors.json");
            return File.Exists(bundled)
                ? bundled
                : throw new FileNotFoundException($"file vectors not found at {bundled}: rebuild the test project or set WICKR_FILE_VECTORS");
        }
    }
}
