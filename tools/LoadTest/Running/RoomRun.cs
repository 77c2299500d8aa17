using System.Diagnostics;
using System.Globalization;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Groups;
using Wickr.Cluster.LoadTest.Metrics;
using Wickr.Cluster.LoadTest.Population;

namespace Wickr.Cluster.LoadTest.Running;

/// <summary>
/// The room of a room-burst run: made by the first online member (its moderator) with one control message to every
/// device, ready once every online device holds it; each message carries its send time, so every online device that
/// decodes it records the delivery latency.
/// </summary>
internal sealed class RoomRun
{
    private const string Prefix = "room-burst ";
    private readonly RoomMember[] _online;
    private readonly int _onlineDevices;
    private readonly RunRecorder _recorder;
    private long _expected;

    private RoomRun(GroupRecord room, RoomMember[] online, RunRecorder recorder)
    {
        Room = room;
        _online = online;
        _recorder = recorder;
        _onlineDevices = online.Sum(m => m.Devices.Count);
    }

    /// <summary>Decodes the messages sent so far owe: every online device but the sending one, per message queued.</summary>
    public long ExpectedDeliveries => Interlocked.Read(ref _expected);

    /// <summary>Waits (at most <paramref name="patience"/>) until the online devices decoded every message sent.</summary>
    public async Task SettleAsync(RunRecorder recorder, TimeSpan patience)
    {
        var waiting = Stopwatch.StartNew();
        while (recorder.Delivered() < ExpectedDeliveries && waiting.Elapsed < patience)
        {
            await Task.Delay(50);
        }
    }

    public GroupRecord Room { get; }

    /// <summary>Makes the room, starts every online device reading (recording delivery latency) and waits until each holds the room.</summary>
    public static async Task<RoomRun> CreateAsync(DevicePopulation population, RunRecorder recorder, Action<string> progress, CancellationToken cancellationToken)
    {
        var online = population.Members.Where(m => m.Online).ToArray();
        foreach (var device in online.SelectMany(m => m.Devices))
        {
            device.StartReading(received: message => Received(recorder, message));
        }
        var moderator = online[0];
        progress($"making a room of {population.Members.Count} members ({population.Recipients.Count} devices) ...");
        var (room, _) = await new GroupConversations(moderator.Devices[0].Client, moderator.UserName).CreateAsync(
            "room-burst", GroupKind.Room, population.Members.Skip(1).Select(m => m.UserName).Prepend(moderator.UserName).Distinct(StringComparer.Ordinal),
            GroupSettings.Default, cancellationToken);
        var waiting = Stopwatch.StartNew();
        while (online.SelectMany(m => m.Devices).Count(d => d.Client.Groups.Find(room.IdHex) is null) is var missing and > 0)
        {
            if (waiting.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"{missing} online devices did not get the room within two minutes");
            }
            progress($"waiting for {missing} online devices to hold the room ...");
            await Task.Delay(200, cancellationToken);
        }
        return new RoomRun(room, online, recorder);
    }

    /// <summary>One message to the room from a device of a member chosen by <paramref name="random"/>, sent as one send.</summary>
    public async Task<SendResult> SendAsync(Random random, CancellationToken cancellationToken)
    {
        var member = _online[random.Next(_online.Length)];
        var device = member.Devices[random.Next(member.Devices.Count)];
        var text = Prefix + Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture);
        var result = await new GroupConversations(device.Client, member.UserName).SendTextAsync(Room.IdHex, text, cancellationToken: cancellationToken);
        if (result.AllQueued)
        {
            _recorder.HandOffs?.MessageAccepted(result.MessageId);
            Interlocked.Add(ref _expected, _onlineDevices - 1);
        }
        return result;
    }

    private static void Received(RunRecorder recorder, ReceivedMessage message)
    {
        if (TextBody.TryDecode(message.Message.Metadata.ContentType, message.Message.Body, out _, out var text)
            && text.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sentAt))
        {
            recorder.Delivered(Stopwatch.GetElapsedTime(sentAt));
        }
    }
}
