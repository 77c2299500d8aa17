using Grpc.Core;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>The outcome of a claim for one node of a recipient user.</summary>
/// <param name="RootIdentifierHex">The node's user.</param>
/// <param name="NodeIdentifierHex">The node.</param>
/// <param name="Outcome">One-time key, last-resort key, or refused.</param>
/// <param name="KeyId">The claimed key's id (zero when refused).</param>
/// <param name="Status">The gateway's status for the node (<see cref="StatusCode.OK"/> when a key came back).</param>
/// <param name="Detail">Why it was refused, when it was.</param>
public sealed record KeyClaim(string RootIdentifierHex, string NodeIdentifierHex, KeyClaimOutcome Outcome, ulong KeyId, StatusCode Status, string Detail);
