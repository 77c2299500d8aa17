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
            try
            {
                pool = await session.Device.Client.GetPoolStatusAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is WickrClientException or Grpc.Core.RpcException or HttpRequestException)
            {
                error = Failures.Describe(ex).Message;
            }
            var store = session.Device.Store;
            var status = new
            {
                server = session.Server,
                reachable = error is null,
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
            return error is null ? ExitCodes.Ok : ExitCodes.Unreachable;
        });
        return command;
    }
}
