using Grpc.Core;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>Options for one call and the token they present (to drop it if the gateway refuses it).</summary>
internal readonly record struct AuthorizedCall(CallOptions Options, string Token);
