using System.Globalization;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Crypto.Native;

namespace Wickr.Cluster.Bench;

/// <summary>
/// The ratio table again, measured so that a busy, shared machine cannot skew it: each protocol operation and its raw
/// baselines (the very benchmark methods BenchmarkDotNet runs) alternate in one process, so all of them see the same
/// load; each call is timed by the process's CPU time and the ratios are taken of the medians. Runs on the process's
/// backend: set <c>WICKR_CRYPTO_BACKEND=managed</c> for the managed one.
/// </summary>
internal static class PairedRatios
{
    private const double BudgetMilliseconds = 4000;

    private static readonly ProcessCpuClock Clock = new();

    public static void Run()
    {
        if (!OpenSslP521.IsAvailable)
        {
            Console.WriteLine("// paired ratios need libcrypto.so.3 (OpenSSL 3) for the raw baselines");
            return;
        }

        Console.WriteLine($"// Paired protocol/raw ratios (process CPU time, medians); P-521 backend: {P521Suite.Instance.Backend}");
        Console.WriteLine("| operation | N | protocol ms | raw ms | protocol/raw | raw+validation ms | protocol/(raw+validation) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var n in new[] { 1, 4, 16, 64 })
        {
            var encode = new EncodeBenchmarks { Recipients = n };
            var raw = new RawBaselines { Recipients = n };
            encode.Setup();
            raw.Setup();
            try
            {
                Row("encode Warm", n, () => encode.Warm(), () => raw.OpenSslEncode(), null);
                Row("encode FreshEphemeral", n, () => encode.FreshEphemeral(), () => raw.OpenSslEncode(), () => raw.OpenSslEncodeFreshEphemeral());
                Row("encode Cold", n, () => encode.Cold(), () => raw.OpenSslEncode(), () => raw.OpenSslEncodeCold());
            }
            finally
            {
                encode.Cleanup();
                raw.Cleanup();
            }
        }

        var decode = new DecodeBenchmarks();
        var rawDecode = new RawDecodeBaselines();
        decode.Setup();
        rawDecode.Setup();
        try
        {
            Row("decode Warm", 1, () => decode.Warm(), () => rawDecode.OpenSslDecode(), null);
            Row("decode Cold", 1, () => decode.Cold(), () => rawDecode.OpenSslDecode(), () => rawDecode.OpenSslDecodeCold());
        }
        finally
        {
            decode.Cleanup();
            rawDecode.Cleanup();
        }
    }

    private static void Row(string operation, int n, Action protocol, Action raw, Action? rawWithValidation)
    {
        // Warm up (JIT, lazily parsed keys), then as many rounds as fit the budget, at least 15.
        var warmup = Clock.GetTimestamp();
        for (var i = 0; i < 3; i++)
        {
            protocol();
            raw();
            rawWithValidation?.Invoke();
        }

        var roundMilliseconds = (Clock.GetTimestamp() - warmup) / 3e6;
        var rounds = Math.Clamp((int)(BudgetMilliseconds / Math.Max(roundMilliseconds, 0.001)), 15, 301) | 1;
        var protocolTimes = new double[rounds];
        var rawTimes = new double[rounds];
        var validationTimes = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            protocolTimes[i] = Time(protocol);
            rawTimes[i] = Time(raw);
            validationTimes[i] = rawWithValidation is null ? double.NaN : Time(rawWithValidation);
        }

        var p = Median(protocolTimes);
        var r = Median(rawTimes);
        var v = rawWithValidation is null ? r : Median(validationTimes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {operation} | {n} | {p:F3} | {r:F3} | {p / r:F2}× | {v:F3} | {p / v:F2}× |"));
    }

    private static double Time(Action action)
    {
        var start = Clock.GetTimestamp();
        action();
        return (Clock.GetTimestamp() - start) / 1e6;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        return values[values.Length / 2];
    }
}
