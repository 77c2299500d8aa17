using System.Diagnostics;
using Google.Protobuf;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.LoadTest.Metrics;

namespace Wickr.Cluster.LoadTest.Tests;

public sealed class HandOffClockTests
{
    private static readonly long Second = Stopwatch.Frequency;

    [Fact]
    public void A_message_is_timed_from_its_first_SendPacket_call_to_its_last_accepted_packet_and_each_arrival()
    {
        var clock = new HandOffClock();
        const long start = 1_000_000;

        // Three packets side by side: the first call hands the message over, the last answer accepts it.
        clock.SendPacketStarted("m1", start);
        clock.SendPacketStarted("m1", start + Second);
        clock.SendPacketStarted("m1", start + (2 * Second));
        clock.SendPacketAccepted("m1", start + (3 * Second));
        clock.SendPacketAccepted("m1", start + (5 * Second));
        clock.SendPacketAccepted("m1", start + (4 * Second));
        clock.PacketArrived("m1", start + (6 * Second));
        clock.PacketArrived("m1", start + (7 * Second));
        clock.MessageAccepted("m1");
        clock.MessageAccepted("m1");

        Assert.Equal(1, clock.Accept.Count);
        Assert.Equal(5_000_000, clock.Accept.MaxMicroseconds);
        Assert.Equal(2, clock.Arrival.Count);
        Assert.Equal(7_000_000, clock.Arrival.MaxMicroseconds);
    }

    [Fact]
    public void A_message_not_handed_over_in_the_run_is_not_counted()
    {
        var clock = new HandOffClock();

        // The room's control message went out before the run started: its arrivals and answers are not the run's.
        clock.SendPacketAccepted("setup", 10);
        clock.PacketArrived("setup", 20);
        clock.MessageAccepted("setup");
        clock.SendPacketStarted("refused", 30);
        clock.MessageAccepted("refused");

        Assert.Equal(0, clock.Accept.Count);
        Assert.Equal(0, clock.Arrival.Count);
    }

    [Fact]
    public void The_message_id_of_an_arriving_packet_is_read_from_the_wire_event()
    {
        var packet = new ServerEvent { Packet = new InboundPacket { Sequence = 4, MessageId = "room-msg", Packet = ByteString.CopyFrom(new byte[64]) } };
        var poolLow = new ServerEvent { PoolLow = new PoolLow { Remaining = 3 } };

        Assert.Equal("room-msg", RpcInterceptor.ArrivedMessageIdOf(packet));
        Assert.Null(RpcInterceptor.ArrivedMessageIdOf(poolLow));
        Assert.Null(RpcInterceptor.ArrivedMessageIdOf(new object()));
    }
}
