using Spectre.Console;
using Wickr.Cluster.ClientLib.Files;

namespace Wickr.Cluster.Cli;

/// <summary>
/// Shows a file transfer's progress on stderr (stdout stays the result): Spectre.Console bars when stderr is a
/// terminal, otherwise one plain line per stage.
/// </summary>
internal static class Transfer
{
    /// <summary>Runs <paramref name="work"/> with a progress sink suited to where stderr goes (stdout, JSON or not, is untouched).</summary>
    public static async Task<T> RunAsync<T>(Func<IProgress<FileTransferProgress>, Task<T>> work)
    {
        if (Console.IsErrorRedirected)
        {
            return await work(new PlainLines());
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn())
            .StartAsync(async context => await work(new Bars(context)));
    }

    /// <summary>A size as people read it: bytes, KiB, MiB, GiB.</summary>
    public static string Size(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? $"{bytes} bytes"
            : value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " " + units[unit];
    }

    private static string Verb(FileTransferStage stage) => stage.ToString().ToLowerInvariant();

    // Reports arrive from the transfer's thread; a lock keeps one line per stage.
    private sealed class PlainLines : IProgress<FileTransferProgress>
    {
        private readonly Lock _gate = new();
        private FileTransferStage? _stage;

        public void Report(FileTransferProgress value)
        {
            lock (_gate)
            {
                if (_stage != value.Stage)
                {
                    _stage = value.Stage;
                    Output.Note($"{Verb(value.Stage)} {Size(value.Total)}");
                }
            }
        }
    }

    private sealed class Bars(ProgressContext context) : IProgress<FileTransferProgress>
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<FileTransferStage, ProgressTask> _tasks = [];

        public void Report(FileTransferProgress value)
        {
            lock (_gate)
            {
                if (!_tasks.TryGetValue(value.Stage, out var task))
                {
                    task = _tasks[value.Stage] = context.AddTask(Verb(value.Stage), maxValue: Math.Max(1, value.Total));
                }
                task.MaxValue = Math.Max(1, value.Total);
                task.Value = Math.Min(value.Done, task.MaxValue);
            }
        }
    }
}
