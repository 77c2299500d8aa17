using Wickr.Cluster.LoadTest.Metrics;
using Wickr.Cluster.LoadTest.Running;
using Wickr.Cluster.LoadTest.Scenarios;

namespace Wickr.Cluster.LoadTest.Tests;

/// <summary>Open loop: the schedule does not wait for slow operations; what exceeds the in-flight bound is dropped and counted.</summary>
public sealed class OpenLoopDriverTests
{
    [Fact]
    public async Task Stalled_operations_do_not_slow_the_schedule_and_the_excess_is_dropped()
    {
        var scenario = new Scenario { Rate = 50, DurationSeconds = 1, MaxInFlight = 5 };
        var recorder = new RunRecorder();
        using var release = new SemaphoreSlim(0);
        var driver = new OpenLoopDriver(scenario, recorder, async (_, _, ct) => await release.WaitAsync(ct));
        recorder.Start();

        var run = driver.RunAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        while (recorder.Scheduled < 50)
        {
            await Task.Delay(20);
        }
        release.Release(5);
        await run;

        Assert.Equal(50, recorder.Scheduled);
        Assert.Equal(45, recorder.Dropped);
        Assert.Equal(5, recorder.Completed);
        Assert.Equal(0, recorder.InFlight);
        // Timed from the schedule: the first operation waited for the whole second of scheduling.
        Assert.True(recorder.Operation.MaxMicroseconds >= 900_000, $"max {recorder.Operation.MaxMicroseconds} µs");
    }

    [Fact]
    public async Task The_request_budget_stops_the_run_before_the_duration()
    {
        var scenario = new Scenario { Rate = 1_000, DurationSeconds = 600, MaxRequests = 25 };
        var recorder = new RunRecorder();
        var driver = new OpenLoopDriver(scenario, recorder, (_, _, _) => Task.CompletedTask);
        recorder.Start();

        await driver.RunAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(25, recorder.Scheduled);
        Assert.Equal(25, recorder.Completed);
    }

    [Fact]
    public async Task A_failing_operation_is_counted_by_status_and_the_run_goes_on()
    {
        var scenario = new Scenario { Rate = 1_000, DurationSeconds = 600, MaxRequests = 10 };
        var recorder = new RunRecorder();
        var driver = new OpenLoopDriver(scenario, recorder, (i, _, _) => i % 2 == 0
            ? throw new ClientLib.Client.WickrClientException(Grpc.Core.StatusCode.Unavailable, "gone")
            : Task.CompletedTask);
        recorder.Start();

        await driver.RunAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(5, recorder.Failed);
        Assert.Equal(5, recorder.Completed);
        Assert.Equal(5, recorder.Errors["operation: Unavailable"]);
    }

    [Fact]
    public void A_ramp_and_a_burst_shape_the_rate()
    {
        var schedule = new RateSchedule(new Scenario { Rate = 10, RampTo = 110, DurationSeconds = 100, Burst = new Burst(20, 5, 1_000) });

        Assert.Equal(10, schedule.RateAt(0));
        Assert.Equal(60, schedule.RateAt(50), 6);
        Assert.Equal(1_000, schedule.RateAt(22));
        Assert.Equal(35, schedule.RateAt(25), 6);
        Assert.Equal(110, schedule.RateAt(100), 6);
    }
}
