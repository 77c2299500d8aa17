using System.Globalization;

namespace Wickr.Cluster.Load;

/// <summary>
/// Command-line settings: <c>--seconds 15 --warmup 2 --workers 8 --body 256 --keys 1500</c>, and any number of
/// <c>--env NAME=VALUE</c> set for the silo and gateway processes (e.g. runtime knobs such as <c>DOTNET_gcServer=1</c>),
/// or for one role only with <c>--silo-env</c> / <c>--gateway-env</c>;
/// <c>--azure-silos N</c> runs N silos on Azure Storage (Azurite) instead of one on embedded SQLite, for scale-out;
/// <c>--postgres-silos N</c> runs N silos in Postgres mode on a database of their own (the test-started PostgreSQL,
/// or the server of WICKR_POSTGRES_CONNECTION_STRING);
/// <c>--rate N</c> offers N operations per second in every phase instead of as many as the workers can complete;
/// <c>--claim-warmup-ms N</c> is the claim phase's warm-up (short by default: every key claimed in it is one less to measure);
/// <c>--wide-nodes N</c> adds the cost of one group message to 16, 64, 500 and 1,500 nodes, up to N (0, the default: none).
/// </summary>
internal sealed record LoadOptions(int Seconds, int WarmUpSeconds, int Workers, int BodyBytes, int KeysPerPool, int AzureSilos, int PostgresSilos, int Gateways, int Rate, int ClaimWarmUpMilliseconds, int WideNodes, IReadOnlyDictionary<string, string> SiloEnvironment, IReadOnlyDictionary<string, string> GatewayEnvironment)
{
    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["--seconds"] = 10,
            ["--warmup"] = 5,
            ["--workers"] = 8,
            ["--body"] = 256,
            ["--keys"] = 8000,
            ["--azure-silos"] = 0,
            ["--postgres-silos"] = 0,
            ["--gateways"] = 1,
            ["--rate"] = 0,
            ["--claim-warmup-ms"] = 300,
            ["--wide-nodes"] = 0,
        };
        var silo = new Dictionary<string, string>(StringComparer.Ordinal);
        var gateway = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] is "--env" or "--silo-env" or "--gateway-env" && i + 1 < args.Length && args[i + 1].IndexOf('=', StringComparison.Ordinal) > 0)
            {
                var separator = args[i + 1].IndexOf('=', StringComparison.Ordinal);
                var (name, setting) = (args[i + 1][..separator], args[i + 1][(separator + 1)..]);
                if (args[i] != "--gateway-env")
                {
                    silo[name] = setting;
                }

                if (args[i] != "--silo-env")
                {
                    gateway[name] = setting;
                }

                continue;
            }

            if (!values.ContainsKey(args[i]) || i + 1 >= args.Length || !int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) || value < (args[i] is "--rate" or "--azure-silos" or "--postgres-silos" or "--wide-nodes" ? 0 : 1))
            {
                throw new ArgumentException($"usage: {string.Join(" ", values.Keys.Select(k => k + " N"))} (positive integers) [--env|--silo-env|--gateway-env NAME=VALUE ...]; bad: {args[i]}");
            }
            values[args[i]] = value;
        }
        return new LoadOptions(values["--seconds"], values["--warmup"], values["--workers"], values["--body"], values["--keys"], values["--azure-silos"], values["--postgres-silos"], values["--gateways"], values["--rate"], values["--claim-warmup-ms"], values["--wide-nodes"], silo, gateway);
    }
}
