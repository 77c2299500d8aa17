using System.Globalization;
using Spectre.Console;
using Wickr.Cluster.LoadTest.Metrics;

namespace Wickr.Cluster.LoadTest.Running;

/// <summary>A live table on an interactive terminal (Spectre.Console), redrawn every second.</summary>
internal sealed class LiveView : IRunView
{
    private readonly Table _table = new Table().Border(TableBorder.Rounded).AddColumn("figure").AddColumn(new TableColumn("now").RightAligned()).AddColumn(new TableColumn("run").RightAligned());
    private LiveDisplayContext? _context;
    private string _status = "starting";

    /// <summary>True when stdout is a terminal that can redraw.</summary>
    public static bool Supported => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public async Task<T> RunAsync<T>(Func<IRunView, Task<T>> body)
    {
        _table.Title = new TableTitle("wickr-load");
        _table.AddRow(_status, string.Empty, string.Empty);
        return await AnsiConsole.Live(_table).AutoClear(false).StartAsync(async context =>
        {
            _context = context;
            return await body(this);
        });
    }

    public void Status(string text)
    {
        // Setup reports from parallel tasks; the table is one.
        lock (_table)
        {
            _status = text;
            _table.Rows.Clear();
            _table.AddRow(Markup.Escape(text), string.Empty, string.Empty);
            _context?.Refresh();
        }
    }

    public void Second(SecondSample s, RunRecorder r, double durationSeconds)
    {
        static string N(double v) => v.ToString("#,0.##", CultureInfo.InvariantCulture);
        lock (_table)
        {
            var handed = r.OneTime + r.LastResort;
            _table.Rows.Clear();
            _table.Caption = new TableTitle(string.Create(CultureInfo.InvariantCulture, $"second {s.Second} of {durationSeconds:0}"));
            _table.AddRow("target rate (ops/s)", N(s.TargetRate), string.Empty);
            _table.AddRow("claims/s | claims", N(s.Claims), N(r.Claims));
            _table.AddRow("one-time keys", N(s.OneTime), N(r.OneTime));
            _table.AddRow(s.LastResort > 0 ? "[red]last-resort keys[/]" : "last-resort keys", N(s.LastResort), N(r.LastResort));
            _table.AddRow("last-resort ratio", N(Math.Round(s.LastResortRatio * 100, 3)) + " %", N(handed == 0 ? 0 : Math.Round(100.0 * r.LastResort / handed, 3)) + " %");
            _table.AddRow("refused claims", N(s.Refused), N(r.Refused));
            _table.AddRow("sends/s | sends", N(s.Sends), N(r.Sends));
            _table.AddRow("dropped | failed ops", $"{N(s.Dropped)} | {N(s.Failed)}", $"{N(r.Dropped)} | {N(r.Failed)}");
            _table.AddRow("in flight", N(s.InFlight), string.Empty);
            _table.AddRow("claim p50 / p99 (ms)", $"{N(s.ClaimP50)} / {N(s.ClaimP99)}", $"{N(r.Claim.PercentileMicroseconds(50) / 1000.0)} / {N(r.Claim.PercentileMicroseconds(99) / 1000.0)}");
            _table.AddRow("send p99 (ms)", N(s.SendP99), N(r.Send.PercentileMicroseconds(99) / 1000.0));
            _table.AddRow("pools min / p10 / median", $"{s.PoolMin} / {s.PoolP10} / {s.PoolMedian}", string.Empty);
            _table.AddRow("low signals | keys uploaded", $"{N(s.LowSignals)} | {N(s.KeysUploaded)}", $"{N(r.LowSignals)} | {N(r.KeysUploaded)}");
            _table.AddRow("signal → uploaded p99 (ms)", string.Empty, N(r.ReplenishLag.PercentileMicroseconds(99) / 1000.0));
            _context?.Refresh();
        }
    }
}
