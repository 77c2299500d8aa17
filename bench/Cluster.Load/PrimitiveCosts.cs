namespace Wickr.Cluster.Load;

/// <summary>
/// What a send and a claim cannot avoid, in CPU ms per operation (wall ms beside the durable rows): measured once
/// before the phases and once after them, so the limit does not hang on how fast the shared box was at one moment.
/// The round trip is PostgreSQL's (one <c>SELECT 1</c>); NaN on the other backends.
/// </summary>
internal sealed record PrimitiveCosts(
    double Verify, double GrainCall, double AppendCpu, double AppendWall, double DeleteCpu, double DeleteWall,
    double RoundTripCpu = double.NaN, double RoundTripWall = double.NaN)
{
    /// <summary>The mean of two measurements: the one the limit is computed from.</summary>
    public static PrimitiveCosts Mean(PrimitiveCosts before, PrimitiveCosts after) => new(
        (before.Verify + after.Verify) / 2,
        (before.GrainCall + after.GrainCall) / 2,
        (before.AppendCpu + after.AppendCpu) / 2,
        (before.AppendWall + after.AppendWall) / 2,
        (before.DeleteCpu + after.DeleteCpu) / 2,
        (before.DeleteWall + after.DeleteWall) / 2,
        (before.RoundTripCpu + after.RoundTripCpu) / 2,
        (before.RoundTripWall + after.RoundTripWall) / 2);
}
