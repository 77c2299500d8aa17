using Wickr.Cluster.LoadTest.Metrics;

namespace Wickr.Cluster.LoadTest.Running;

/// <summary>Where a run shows its progress.</summary>
internal interface IRunView
{
    /// <summary>A set-up step (cluster start, registration progress).</summary>
    void Status(string text);

    /// <summary>One second of the run ended.</summary>
    void Second(SecondSample sample, RunRecorder recorder, double durationSeconds);
}
