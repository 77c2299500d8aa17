using System.Runtime.InteropServices;
using System.Text;

namespace Wickr.Cluster.EndToEnd.Tests.Harness;

/// <summary>
/// Searches persisted bytes for recorded secrets in every form a store might write them: raw, hex (either case),
/// and base64 / base64url at each of the three alignments a value can have inside a longer encoded blob. Every form
/// is at least 16 bytes long, so the haystack is walked once, looking each 16-byte window up in an index of the
/// forms' first 16 bytes.
/// </summary>
internal sealed class StorageScanner
{
    private const int Window = 16;
    private readonly Dictionary<UInt128, List<(string Label, byte[] Needle)>> _index = [];

    public StorageScanner(IEnumerable<KeyRecorder.Secret> secrets)
    {
        foreach (var secret in secrets)
        {
            foreach (var (form, needle) in Forms(secret.Value))
            {
                if (needle.Length < Window)
                {
                    throw new ArgumentException($"{secret.Kind} is too short to search for as {form}");
                }
                var key = MemoryMarshal.Read<UInt128>(needle);
                if (!_index.TryGetValue(key, out var list))
                {
                    _index[key] = list = [];
                }
                list.Add(($"{secret.Kind} ({secret.Value.Length} bytes) as {form}", needle));
                NeedleCount++;
            }
        }
    }

    public int NeedleCount { get; }

    /// <summary>What was found in <paramref name="haystack"/>, one line per secret and form.</summary>
    public IReadOnlyList<string> Find(ReadOnlySpan<byte> haystack)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + Window <= haystack.Length; i++)
        {
            if (_index.TryGetValue(MemoryMarshal.Read<UInt128>(haystack[i..]), out var candidates))
            {
                foreach (var (label, needle) in candidates)
                {
                    if (haystack[i..].StartsWith(needle))
                    {
                        found.Add(label);
                    }
                }
            }
        }
        return [.. found];
    }

    private static IEnumerable<(string Form, byte[] Needle)> Forms(byte[] value)
    {
        yield return ("raw bytes", value);
        yield return ("lowercase hex", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(value)));
        yield return ("uppercase hex", Encoding.ASCII.GetBytes(Convert.ToHexString(value)));
        for (var skip = 0; skip < 3; skip++)
        {
            // Whole 3-byte groups only: their encoding is the same wherever the value sits, given the alignment.
            var length = (value.Length - skip) / 3 * 3;
            var base64 = Convert.ToBase64String(value, skip, length);
            yield return ($"base64 (offset {skip})", Encoding.ASCII.GetBytes(base64));
            yield return ($"base64url (offset {skip})", Encoding.ASCII.GetBytes(base64.Replace('+', '-').Replace('/', '_')));
        }
    }
}
