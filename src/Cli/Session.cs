using System.CommandLine;
using Grpc.Net.Client;
using Wickr.Cluster.ClientLib.Storage;

namespace Wickr.Cluster.Cli;

/// <summary>An opened device: the channel to the gateway and the device store unlocked with the passphrase.</summary>
internal sealed class Session : IAsyncDisposable
{
    /// <summary>The store's file name inside the home folder.</summary>
    public const string StoreFileName = "device.db";

    private Session(GrpcChannel channel, StoredDevice device, bool json, string server)
    {
        Channel = channel;
        Device = device;
        Json = json;
        Server = server;
    }

    public GrpcChannel Channel { get; }

    public StoredDevice Device { get; }

    public bool Json { get; }

    public string Server { get; }

    public static string StorePath(ParseResult parse) => Path.Combine(parse.GetValue(GlobalOptions.Home)!, StoreFileName);

    public static GrpcChannel OpenChannel(ParseResult parse) =>
        Connection.Open(parse.GetValue(GlobalOptions.Server)!, parse.GetValue(GlobalOptions.Ca), parse.GetValue(GlobalOptions.Insecure));

    /// <summary>Unlocks the store in the home folder (DeviceState when there is none, WrongPassphrase leaves it untouched).</summary>
    public static Session Open(ParseResult parse, StoredDeviceOptions deviceOptions)
    {
        var path = StorePath(parse);
        // The settings first (a bad --server or --ca is named before anything else), then the store, then the passphrase.
        var channel = OpenChannel(parse);
        try
        {
            if (!File.Exists(path))
            {
                throw new CliException(ExitCodes.DeviceState, $"no device store at {path}: run `wickr init` or `wickr recover` first");
            }
            var passphrase = Passphrase.Read(confirm: false);
            var device = StoredDevice.Open(channel, path, passphrase, deviceOptions);
            return new Session(channel, device, parse.GetValue(GlobalOptions.Json), parse.GetValue(GlobalOptions.Server)!);
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    public static Session Wrap(ParseResult parse, GrpcChannel channel, StoredDevice device)
        => new(channel, device, parse.GetValue(GlobalOptions.Json), parse.GetValue(GlobalOptions.Server)!);

    /// <summary>Goes online: drains the mailbox into the store, tops up the key pool, resends what the outbox kept.</summary>
    public async Task<int> SyncAsync(CancellationToken cancellationToken)
    {
        await Device.Client.ConnectAsync(cancellationToken);
        var pending = 0;
        foreach (var flush in await Device.FlushOutboxAsync(cancellationToken))
        {
            Report(flush);
            pending += flush.Delivered ? 0 : 1;
        }
        return pending;
    }

    /// <summary>One line on stderr per outbox entry sent again.</summary>
    public static void Report(OutboxFlush flush)
    {
        if (flush.Result is { } result)
        {
            var took = result.Deliveries.Count(d => d.State is ClientLib.Client.DeliveryState.Queued or ClientLib.Client.DeliveryState.Duplicate);
            Output.Note($"resent {flush.MessageId} from the outbox: {took} of {result.Deliveries.Count} devices took it");
        }
        else
        {
            Output.Note($"kept {flush.MessageId} in the outbox: {flush.Error}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Device.DisposeAsync();
        Channel.Dispose();
    }
}
