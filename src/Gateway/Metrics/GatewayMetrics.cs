using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;

namespace Wickr.Cluster.Gateway.Metrics;

/// <summary>
/// The gateway's meter. Attributes are the gRPC method, the status code and failure reasons: never a user, node or
/// message identifier.
/// </summary>
public sealed class GatewayMetrics
{
    /// <summary>The meter name, for OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "Wickr.Cluster.Gateway";

    /// <summary>The service name the standalone gateway reports when <c>OTEL_SERVICE_NAME</c> is not set.</summary>
    public const string DefaultServiceName = "wickr-gateway";

    // Seconds, from a fast unary call to a Subscribe stream of many minutes.
    private static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 300, 1800];

    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _authFailures;
    private readonly Counter<long> _packetsSent;
    private readonly Counter<long> _sendsOnLease;
    private readonly Counter<long> _packetsDelivered;
    private readonly UpDownCounter<long> _streams;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _calls = meter.CreateCounter<long>("wickr.gateway.calls", "{call}", "gRPC calls finished, by method and status code.");
        _duration = meter.CreateHistogram("wickr.gateway.call.duration", "s", "gRPC call duration, by method and status code.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _authFailures = meter.CreateCounter<long>("wickr.gateway.auth.failures", "{failure}", "Refused tokens, challenge answers and root signatures, by reason.");
        _packetsSent = meter.CreateCounter<long>("wickr.gateway.packets.queued", "{packet}", "Packets queued for a recipient node (one per recipient).");
        _sendsOnLease = meter.CreateCounter<long>("wickr.gateway.sends.leased", "{send}", "Sends queued on a send lease, without a turn of the sender grain.");
        _packetsDelivered = meter.CreateCounter<long>("wickr.gateway.packets.delivered", "{packet}", "Packets handed to a device, by path (stream or fetch).");
        _streams = meter.CreateUpDownCounter<long>("wickr.gateway.streams", "{stream}", "Open Subscribe streams.");
    }

    internal void CallFinished(string method, StatusCode code, TimeSpan elapsed)
    {
        var tags = new TagList { { "rpc.method", method }, { "rpc.grpc.status_code", code.ToString() } };
        _calls.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    internal void AuthFailed(string reason) => _authFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal void PacketsQueued(int count) => _packetsSent.Add(count);

    internal void SendOnLease() => _sendsOnLease.Add(1);

    internal void PacketsDelivered(int count, string path) =>
        _packetsDelivered.Add(count, new KeyValuePair<string, object?>("path", path));

    internal void StreamOpened() => _streams.Add(1);

    internal void StreamClosed() => _streams.Add(-1);
}
