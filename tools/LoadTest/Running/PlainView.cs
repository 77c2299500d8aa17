using System.Globalization;
using System.Text.RegularExpressions;
using Wickr.Cluster.LoadTest.Metrics;

namespace Wickr.Cluster.LoadTest.Running;

/// <summary>
/// Redirected output and CI logs: a summary, not a stream. Setup steps once each, their counts ("recipients 7/20")
/// at every tenth and the last; the run's seconds at every tenth of the duration and the last. Setup reports from
/// parallel tasks (devices registering four at a time), so each line is taken under one lock.
/// </summary>
internal sealed partial class PlainView(TextWriter output) : IRunView
{
    private readonly Dictionary<string, int> _statusTenths = [];
    private int _secondTenth = -1;
    private string _lastStatus = string.Empty;
    private readonly Lock _gate = new();

    public void Status(string text)
    {
        lock (_gate)
        {
            TakeStatus(text);
        }
    }

    public void Second(SecondSample s, RunRecorder recorder, double durationSeconds)
    {
        lock (_gate)
        {
            TakeSecond(s, durationSeconds);
        }
    }

    private void TakeStatus(string text)
    {
        if (text == _lastStatus)
        {
            return;
        }
        _lastStatus = text;
        if (Count().Match(text) is { Success: true } count
            && int.TryParse(count.Groups["done"].Value, CultureInfo.InvariantCulture, out var done)
            && int.TryParse(count.Groups["total"].Value, CultureInfo.InvariantCulture, out var total) && total > 0)
        {
            var tenth = done >= total ? 10 : done * 10 / total;
            var what = count.Groups["what"].Value;
            if (_statusTenths.TryGetValue(what, out var shown) && tenth <= shown)
            {
                return;
            }
            _statusTenths[what] = tenth;
        }
        output.WriteLine(text);
    }

    private void TakeSecond(SecondSample s, double durationSeconds)
    {
        var tenth = durationSeconds <= 0 ? 10 : Math.Min(10, (int)(s.Second * 10 / durationSeconds));
        if (tenth <= _secondTenth)
        {
            return;
        }
        _secondTenth = tenth;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{s.Second,4}s/{durationSeconds:0}s] target {s.TargetRate:0.#}/s claims {s.Claims}/s (one-time {s.OneTime}, last-resort {s.LastResort}, refused {s.Refused}) "
            + $"sends {s.Sends}/s dropped {s.Dropped} failed {s.Failed} in-flight {s.InFlight} claim p99 {s.ClaimP99:0.#} ms "
            + $"pools min/p10/median {s.PoolMin}/{s.PoolP10}/{s.PoolMedian} low signals {s.LowSignals} keys uploaded {s.KeysUploaded}"));
    }

    [GeneratedRegex(@"^(?<what>\D*?)\s*(?<done>\d+)/(?<total>\d+)")]
    private static partial Regex Count();
}
