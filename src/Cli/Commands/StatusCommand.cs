using System.CommandLine;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Storage;

namespace Wickr.Cluster.Cli.Commands;

/// <summary><c>wickr status</c>: server, key pool, outbox and store.</summary>
internal static class StatusCommand
{
    public static Command Create(StoredDeviceOptions deviceOptions)
    {
        var command = new Command("status", "Server, key pool level (server and local), pending outbox, stored messages");
        CommandRunner.BindSession(command, deviceOptions, async (session, _, cancellationToken) =>
        {
            PoolState? pool = null;
            string? error = null;
            var code = ExitCodes.Ok;
            try
            {
                pool = await session.Device.Client.GetPoolStatusAsync(cancellationToken);
            }
            catch (WickrClientException ex) when (ex.StatusCode is Grpc.Core.StatusCode.Unauthenticated or Grpc.Core.StatusCode.NotFound or Grpc.Core.StatusCode.PermissionDenied)
            {
                // The server answers, and does not take this device: it was removed (or its user is gone).
                (code, error) = (ExitCodes.Refused, $"the server does not accept this device ({ex.Detail}): if it was removed from "
                    + $"{session.Device.UserName}, add this machine again with `wickr --home <new folder> recover {session.Device.UserName}`");
            }
            catch (Exception ex) when (ex is WickrClientException or Grpc.Core.RpcException or HttpRequestException)
            {
                (code, error) = Failures.Describe(ex);
            }
            var store = session.Device.Store;
            var status = new
            {
                server = session.Server,
                reachable = code != ExitCodes.Unreachable,
                error,
                user = session.Device.UserName,
                node = session.Device.Client.NodeIdentifierHex,
                pool_published = pool?.Count,
                pool_capacity = pool?.Capacity,
                pool_low = pool?.Low,
                last_resort_key = pool?.HasLastResortKey,
                private_keys_stored = store.EphemeralKeyCount,
                outbox = store.Outbox().Count,
                messages = store.Count,
            };
            if (session.Json)
            {
                Output.Json(status);
            }
            else
            {
                Output.Line($"server      {status.server} ({(error is null ? "reachable" : error)})");
                Output.Line($"user        {status.user}");
                Output.Line($"device      {status.node}");
                Output.Line(pool is null ? "key pool    unknown" : $"key pool    {pool.Count} of {pool.Capacity} published{(pool.Low ? " (low)" : string.Empty)}, last-resort key {(pool.HasLastResortKey ? "set" : "missing")}");
                Output.Line($"keys held   {status.private_keys_stored}");
                Output.Line($"outbox      {status.outbox} pending");
                Output.Line($"messages    {status.messages} stored");
            }
            return code;
        });
        return command;
    }
}
