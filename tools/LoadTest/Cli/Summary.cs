using System.Globalization;
using Wickr.Cluster.LoadTest.Reporting;

namespace Wickr.Cluster.LoadTest.Cli;

/// <summary>The end-of-run summary on the console.</summary>
internal static class Summary
{
    public static void Write(RunReport r, string folder, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"== {r.Scenario.Name} against {r.Target}: {r.Seconds:0.#} s"));
        output.WriteLine(string.Create(c, $"operations: {r.Operations.Scheduled} scheduled, {r.Operations.Completed} completed, {r.Operations.Failed} failed, {r.Operations.Dropped} dropped (in-flight bound {r.Operations.MaxInFlight})"));
        output.WriteLine(string.Create(c, $"claims: {r.Claims.Requested} ({r.ClaimsPerSecond:0.#}/s) = one-time {r.Claims.OneTime} + last-resort {r.Claims.LastResort} ({r.Claims.LastResortRatio:P3}) + refused {r.Claims.Refused}"));
        output.WriteLine(string.Create(c, $"sends: {r.Sends} ({r.SendsPerSecond:0.#}/s), {r.Deliveries} packets queued"));
        if (r.Scenario.Operation == Scenarios.OperationKind.Room && r.Sends > 0)
        {
            output.WriteLine(string.Create(c, $"per room message: {(double)r.Claims.Requested / r.Sends:0.#} key claims, {(double)r.Claims.LastResort / r.Sends:0.##} last-resort hand-outs, {(double)r.Deliveries / r.Sends:0.#} packets queued, {(double)r.Latency["delivery"].Count / r.Sends:0.#} decoded by online devices"));
        }
        foreach (var (name, l) in r.Latency.Concat(r.Rpc.Select(p => KeyValuePair.Create("rpc " + p.Key, p.Value))))
        {
            if (l.Count > 0)
            {
                output.WriteLine(string.Create(c, $"latency {name,-22} n={l.Count,-8} p50 {l.P50,8:0.###} ms  p90 {l.P90,8:0.###}  p99 {l.P99,8:0.###}  p99.9 {l.P999,8:0.###}  max {l.Max,8:0.###}"));
            }
        }
        var lag = r.Replenishment.Lag;
        output.WriteLine(string.Create(c, $"replenishment: {r.Replenishment.LowSignals} low signals, {r.Replenishment.Replenishments} replenishes, {r.Replenishment.KeysUploaded} keys uploaded; signal → uploaded p50 {lag.P50:0.#} ms p99 {lag.P99:0.#} ms max {lag.Max:0.#} ms"));
        output.WriteLine(string.Create(c, $"pools at end min/p10/median {r.PoolsAtEnd.Min}/{r.PoolsAtEnd.P10}/{r.PoolsAtEnd.Median}; lowest seen {r.LowestPoolLevel}"));
        output.WriteLine(r.LastResortOnset is { } onset
            ? string.Create(c, $"last-resort hand-outs began in second {onset.Second} at a target of {onset.TargetRate:0.#} ops/s ({onset.ClaimsPerSecond} claims that second)")
            : "no last-resort hand-outs");
        foreach (var (what, count) in r.Errors)
        {
            output.WriteLine($"error {what}: {count}");
        }
        foreach (var slo in r.Slos)
        {
            output.WriteLine($"SLO {slo.Name}: {slo.Actual} against {slo.Limit}: {(slo.Met ? "met" : "BROKEN")}");
        }
        if (r.Chaos is { } chaos)
        {
            foreach (var e in chaos.Events)
            {
                output.WriteLine(string.Create(c, $"chaos {e.Action} began {e.StartedSeconds:0.0} s, took {e.EndedSeconds - e.StartedSeconds:0.0} s: {e.FailedOperations} of {e.Operations} operations failed until the next action; sends succeeded again {e.SendsSucceedAgainAfterSeconds:0.0} s after it began — {e.Detail}"));
            }
            output.WriteLine(string.Create(c, $"chaos checks: {chaos.Lost} of {chaos.Acknowledged} acknowledged deliveries lost{(chaos.Lost > 0 ? " (e.g. " + string.Join(", ", chaos.LostExamples) + ")" : "")}; {chaos.KeysHandedOutTwice} of {chaos.KeysClaimed} one-time keys handed out twice; {chaos.StreamsResumed} of {chaos.Streams} device streams resumed"));
            foreach (var (reason, count) in chaos.Undecryptable)
            {
                output.WriteLine(string.Create(c, $"chaos: {count} packets received but not decrypted: {reason}"));
            }
            output.WriteLine(string.Create(c, $"chaos error budget: {chaos.FailedOperations} of {chaos.Operations} operations failed ({chaos.ErrorBudget:P3}); longest time until sends succeeded again {chaos.SendsSucceedAgainAfterSeconds:0.0} s; {(chaos.Held ? "HELD" : "BROKEN")}"));
        }
        output.WriteLine($"report: {Path.GetFullPath(folder)} ({string.Join(", ", r.Files)})");
    }
}
