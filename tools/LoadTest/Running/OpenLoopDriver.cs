using System.Diagnostics;
using Wickr.Cluster.LoadTest.Metrics;
using Wickr.Cluster.LoadTest.Scenarios;

namespace Wickr.Cluster.LoadTest.Running;

/// <summary>
/// Issues operations on a schedule whatever the earlier ones are doing (open loop): the i-th operation is due at a
/// fixed time derived from the rate, each is timed from that due time, and when <see cref="Scenario.MaxInFlight"/>
/// are outstanding a due operation is dropped and counted instead of waiting, so a slow cluster shows up as
/// latency and drops, never as a quietly lower rate.
/// </summary>
/// With <c>keepIssuing</c> the schedule goes on at its final rate past the duration while that says so (a chaos run
/// lasts until its last action has settled).
internal sealed class OpenLoopDriver(
    Scenario scenario, RunRecorder recorder, Func<long, OperationContext, CancellationToken, Task> operation, Func<bool>? keepIssuing = null)
{
    private readonly RateSchedule _schedule = new(scenario);
    private readonly List<Task> _running = [];

    /// <summary>Seconds since the first operation was due.</summary>
    public double Elapsed => _started == 0 ? 0 : Stopwatch.GetElapsedTime(_started).TotalSeconds;

    private long _started;

    /// <summary>The rate wanted in the middle of second <paramref name="second"/> (1-based) of the run.</summary>
    public double RateInSecond(int second) => _schedule.RateAt(Math.Min(second - 0.5, scenario.DurationSeconds));

    /// <summary>Issues until the duration is over or the request budget spent, then waits for what is in flight (at most <paramref name="drain"/>).</summary>
    public async Task RunAsync(TimeSpan drain, CancellationToken cancellationToken)
    {
        _started = Stopwatch.GetTimestamp();
        var frequency = (double)Stopwatch.Frequency;
        // Due times add up 1/rate steps; the tolerance keeps rounding from adding one more step at the end.
        var end = scenario.DurationSeconds - 1e-9;
        var next = 0.0;
        long issued = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bool Open(double at) => at < end || (keepIssuing?.Invoke() ?? false);
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Elapsed;
            while (next <= now && Open(next) && issued < scenario.MaxRequests)
            {
                var rate = _schedule.RateAt(next);
                if (rate <= 0)
                {
                    next += 0.01;
                    continue;
                }
                var due = _started + (long)(next * frequency);
                next += 1.0 / rate;
                issued++;
                recorder.OperationScheduled();
                if (recorder.InFlight >= scenario.MaxInFlight)
                {
                    recorder.OperationDropped();
                    continue;
                }
                recorder.OperationStarted();
                var context = new OperationContext(due);
                var index = issued;
                var task = Task.Run(() => RunOneAsync(index, context, stop.Token), CancellationToken.None);
                lock (_running)
                {
                    _running.RemoveAll(t => t.IsCompleted);
                    _running.Add(task);
                }
            }
            if (!Open(next) || issued >= scenario.MaxRequests)
            {
                break;
            }
            var wait = next - Elapsed;
            if (wait > 0)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(wait, 0.05)), cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        Task[] outstanding;
        lock (_running)
        {
            outstanding = [.. _running];
        }
        var all = Task.WhenAll(outstanding);
        if (cancellationToken.IsCancellationRequested)
        {
            // Interrupted: end what is in flight now, so the report of what ran gets written.
            drain = TimeSpan.Zero;
        }
        if (await Task.WhenAny(all, Task.Delay(drain, CancellationToken.None)) != all)
        {
            await stop.CancelAsync();
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
        }
    }

    private async Task RunOneAsync(long index, OperationContext context, CancellationToken cancellationToken)
    {
        OperationContext.Current = context;
        var ok = false;
        try
        {
            await operation(index, context, cancellationToken);
            ok = true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Never abort the run: count the failure by its status and go on.
            recorder.Error("operation", Describe(ex));
        }
        finally
        {
            recorder.OperationEnded(context, ok);
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        ClientLib.Client.WickrClientException client => client.StatusCode.ToString(),
        Protocol.WickrException wickr => "client " + wickr.Error,
        OperationCanceledException => "Cancelled (run over)",
        _ => ex.GetType().Name,
    };
}
