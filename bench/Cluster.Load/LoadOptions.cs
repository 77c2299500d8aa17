using System.Globalization;

namespace Wickr.Cluster.Load;

/// <summary>Command-line settings: <c>--seconds 15 --warmup 2 --workers 8 --body 256 --keys 1500</c>.</summary>
internal sealed record LoadOptions(int Seconds, int WarmUpSeconds, int Workers, int BodyBytes, int KeysPerPool)
{
    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["--seconds"] = 15, ["--warmup"] = 2, ["--workers"] = 8, ["--body"] = 256, ["--keys"] = 1500,
        };
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!values.ContainsKey(args[i]) || i + 1 >= args.Length || !int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                throw new ArgumentException($"usage: {string.Join(" ", values.Keys.Select(k => k + " N"))} (positive integers); bad: {args[i]}");
            }
            values[args[i]] = value;
        }
        return new LoadOptions(values["--seconds"], values["--warmup"], values["--workers"], values["--body"], values["--keys"]);
    }
}
