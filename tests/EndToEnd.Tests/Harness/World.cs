using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.EndToEnd.Tests.Harness;

/// <summary>The users and devices of one test, all made with the recording suite, disposed after the test.</summary>
internal sealed class World(TestCluster cluster, KeyRecorder recorder, Xunit.Abstractions.ITestOutputHelper output) : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly List<WickrClient> _clients = [];
    private readonly List<EnrolledUser> _users = [];
    private readonly Lock _gate = new();

    public TestCluster Cluster { get; } = cluster;

    public KeyRecorder Recorder { get; } = recorder;

    /// <summary>Writes a line to the test's output (shown with the result).</summary>
    public void Log(string line) => output.WriteLine(line);

    public WickrClientOptions Options(int poolTarget = 40, TimeProvider? time = null) => new()
    {
        Suite = Recorder,
        PoolTargetSize = poolTarget,
        RetryDelay = TimeSpan.FromMilliseconds(200),
        TimeProvider = time ?? TimeProvider.System,
    };

    /// <summary>Enrolls and registers a user with <paramref name="devices"/> devices, each connected unless told otherwise.</summary>
    public async Task<Person> UserAsync(string name, int devices, bool connect = true, WickrClientOptions? options = null, ChannelBase? channel = null)
    {
        options ??= Options();
        channel ??= Cluster.Channel;
        var userName = $"{name}-{Guid.NewGuid():N}";
        var user = await WickrAccounts.EnrollUserAsync(channel, userName, options);
        lock (_gate)
        {
            _users.Add(user);
        }
        Recorder.Record("Knsr", user.NodeStorageRoot.Key);
        Recorder.Record("Krs", user.RemoteStorageRoot.Key);
        Recorder.Record("Krbk", user.RecoveryBundleKey.Key);
        var clients = new List<WickrClient>();
        for (var i = 0; i < devices; i++)
        {
            clients.Add(await DeviceAsync(user, options, channel));
        }
        if (connect)
        {
            foreach (var client in clients)
            {
                await client.ConnectAsync();
            }
        }
        return new Person(name, user, clients) { UserName = userName };
    }

    /// <summary>Registers one more device of <paramref name="user"/>, not connected.</summary>
    public async Task<WickrClient> DeviceAsync(EnrolledUser user, WickrClientOptions? options = null, ChannelBase? channel = null)
    {
        var client = await WickrAccounts.RegisterDeviceAsync(channel ?? Cluster.Channel, user, RandomNumberGenerator.GetBytes(16), options ?? Options());
        lock (_gate)
        {
            _clients.Add(client);
        }
        Recorder.Record("Klds", client.Device.StorageKeys.Local.Key);
        return client;
    }

    /// <summary>A message whose body is unique and recorded for the storage scan.</summary>
    public PlainMessage Text(string label, ulong ttl = 0, ulong bor = 0)
    {
        var body = Encoding.UTF8.GetBytes($"{label}|{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}");
        Recorder.Record("message body", body);
        return new PlainMessage(new PacketMetadata(ttl, bor, Encoding.UTF8.GetBytes("conversation"), 1), body);
    }

    public IEnumerable<string> BackgroundErrors() =>
        _clients.Select(c => c.LastBackgroundError).Where(e => e is not null).Select(e => e!.GetType().Name + ": " + e.Message);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
        foreach (var user in _users)
        {
            user.Dispose();
        }
    }
}
