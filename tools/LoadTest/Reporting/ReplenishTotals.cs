using Wickr.Cluster.LoadTest.Metrics;

namespace Wickr.Cluster.LoadTest.Reporting;

/// <summary>Pool upkeep during the run: signals received, replenishes, keys uploaded, signal → uploaded lag.</summary>
internal sealed record ReplenishTotals(long LowSignals, long Replenishments, long KeysUploaded, LatencySummary Lag);
