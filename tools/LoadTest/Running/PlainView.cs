using System.Globalization;
using Wickr.Cluster.LoadTest.Metrics;

namespace Wickr.Cluster.LoadTest.Running;

/// <summary>One plain line per second, for redirected output and CI logs.</summary>
internal sealed class PlainView(TextWriter output) : IRunView
{
    private string _lastStatus = string.Empty;

    public void Status(string text)
    {
        // Each distinct step once.
        if (text == _lastStatus)
        {
            return;
        }
        _lastStatus = text;
        output.WriteLine(text);
    }

    public void Second(SecondSample s, RunRecorder recorder, double durationSeconds) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"[{s.Second,4}s/{durationSeconds:0}s] target {s.TargetRate:0.#}/s claims {s.Claims}/s (one-time {s.OneTime}, last-resort {s.LastResort}, refused {s.Refused}) "
        + $"sends {s.Sends}/s dropped {s.Dropped} failed {s.Failed} in-flight {s.InFlight} claim p99 {s.ClaimP99:0.#} ms "
        + $"pools min/p10/median {s.PoolMin}/{s.PoolP10}/{s.PoolMedian} low signals {s.LowSignals} keys uploaded {s.KeysUploaded}"));
}
