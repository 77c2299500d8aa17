using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wickr.Cluster.LoadTest.Reporting;

/// <summary>Writes report.json, seconds.csv and the plots into the output folder.</summary>
internal static class ReportWriter
{
    public const string JsonFile = "report.json";
    public const string CsvFile = "seconds.csv";

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes every file and returns the report naming them.</summary>
    public static RunReport Write(RunReport report, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string> { JsonFile, CsvFile };
        File.WriteAllText(Path.Combine(folder, CsvFile), Csv(report), new UTF8Encoding(false));
        files.AddRange(Plots.Write(report, folder));
        report = report with { Files = files };
        File.WriteAllText(Path.Combine(folder, JsonFile), JsonSerializer.Serialize(report, JsonOptions), new UTF8Encoding(false));
        return report;
    }

    public static string Csv(RunReport report)
    {
        var csv = new StringBuilder();
        csv.AppendLine("second,target_rate,scheduled,dropped,completed,failed,claims,one_time,last_resort,refused,last_resort_ratio,sends,low_signals,keys_uploaded,in_flight,claim_p50_ms,claim_p99_ms,send_p99_ms,claimkeys_rpc_p99_ms,pool_min,pool_p10,pool_median");
        foreach (var s in report.PerSecond)
        {
            csv.AppendLine(string.Join(',', new object[]
            {
                s.Second, s.TargetRate, s.Scheduled, s.Dropped, s.Completed, s.Failed, s.Claims, s.OneTime, s.LastResort, s.Refused,
                Math.Round(s.LastResortRatio, 6), s.Sends, s.LowSignals, s.KeysUploaded, s.InFlight, s.ClaimP50, s.ClaimP99, s.SendP99,
                s.ClaimKeysRpcP99, s.PoolMin, s.PoolP10, s.PoolMedian,
            }.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
        }
        return csv.ToString();
    }
}
