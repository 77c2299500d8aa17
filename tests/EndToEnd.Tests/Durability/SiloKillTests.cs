using System.Collections.Concurrent;
using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Packets;
using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Durability;

/// <summary>
/// Nothing acknowledged is lost: the silo is killed with SIGKILL in the middle of a burst of sends, started again on
/// the same data (the SQLite data directory, or the PostgreSQL database of Postgres mode), and every send that was
/// answered OK is in the recipient's mailbox.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SiloKillTests(ITestOutputHelper output)
{
    private const int Workers = 8;
    private const int OkBeforeKill = 300;

    [Theory]
    [InlineData("Embedded")]
    [InlineData("Postgres")]
    public async Task Every_send_answered_OK_before_a_SIGKILL_is_in_the_mailbox_after_restart(string mode)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "wickr-e2e-kill-" + Guid.NewGuid().ToString("N")[..12]);
        var tokenSecret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var settings = new Dictionary<string, string>
        {
            ["Grains__Mailbox__MaxQueuedPackets"] = "1000000",
        };
        var database = mode == "Postgres" ? await Postgres.CreateDatabaseAsync("kill") : null;
        if (database is not null)
        {
            settings["Silo__Mode"] = "Postgres";
            settings["Silo__Postgres__ConnectionString"] = database;
            settings["Silo__Postgres__MigrateAtStart"] = "true";
            settings["Silo__AdvertisedIPAddress"] = "127.0.0.1";
            settings["Silo__Tls__Enabled"] = "false";
        }

        Directory.CreateDirectory(dataDirectory);
        try
        {
            var acknowledged = new ConcurrentBag<string>();
            string senderToken, recipientToken;
            SendPacketRequest request;
            var failedAfterKill = 0;
            int[] ports;
            await using (var silo = await KillableSilo.StartAsync(dataDirectory, tokenSecret, settings))
            {
                var suite = P521Suite.Instance;
                using var senderUser = await WickrAccounts.EnrollUserAsync(silo.Channel, "kill-sender");
                using var recipientUser = await WickrAccounts.EnrollUserAsync(silo.Channel, "kill-recipient");
                await using var sender = await WickrAccounts.RegisterDeviceAsync(silo.Channel, senderUser, [1]);
                await using var recipient = await WickrAccounts.RegisterDeviceAsync(silo.Channel, recipientUser, [2]);
                senderToken = await sender.Session.TokenAsync(CancellationToken.None);
                recipientToken = await recipient.Session.TokenAsync(CancellationToken.None);

                // One real packet, sent under many message ids: the gateway checks its signature on every send.
                using var keys = new EphemeralKeyPool(suite, recipient.Device.NodeKey, 1_000_000_000);
                var target = new RecipientNode(recipient.Device.Chain, recipient.Device.DevId, keys.Generate(1)[0]);
                var packet = new PacketEncoder(suite).Encode(sender.Device.Sender, [(target, recipientUser.Root)], new PlainMessage(new PacketMetadata(0, 0, [], 0), new byte[64]));
                request = new SendPacketRequest
                {
                    Packet = ByteString.CopyFrom(packet),
                    RecipientNodeIdentifiers = { ByteString.CopyFrom(recipient.Device.Chain.Node.Identifier) },
                };

                var messages = new Messages.MessagesClient(silo.Channel);
                var headers = Bearer(senderToken);
                using var killed = new CancellationTokenSource();
                var burst = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
                {
                    for (var i = 0; ; i++)
                    {
                        var send = request.Clone();
                        send.MessageId = string.Create(CultureInfo.InvariantCulture, $"w{worker}-{i}");
                        try
                        {
                            var reply = await messages.SendPacketAsync(send, headers, deadline: DateTime.UtcNow.AddSeconds(30));
                            if (reply.Deliveries.Single().ErrorCode == 0)
                            {
                                acknowledged.Add(send.MessageId);
                            }
                        }
                        catch (RpcException) when (killed.IsCancellationRequested)
                        {
                            // In flight when the silo died: never answered OK, so no promise was made.
                            Interlocked.Increment(ref failedAfterKill);
                            return;
                        }
                    }
                })).ToArray();

                while (acknowledged.Count < OkBeforeKill && !burst.Any(t => t.IsFaulted))
                {
                    await Task.Delay(5);
                }

                Assert.DoesNotContain(burst, t => t.IsFaulted);
                await killed.CancelAsync();
                ports = silo.Ports;
                await silo.Host.KillAsync();
                await Task.WhenAll(burst);
            }

            var answered = acknowledged.ToHashSet();
            output.WriteLine($"{answered.Count} sends answered OK before SIGKILL, {failedAfterKill} workers cut off mid-send");
            Assert.True(answered.Count >= OkBeforeKill);

            await using var restarted = await KillableSilo.StartAsync(dataDirectory, tokenSecret, settings, ports);
            var stored = new HashSet<string>();
            var fetch = new Messages.MessagesClient(restarted.Channel);
            for (long after = 0; ;)
            {
                var page = await fetch.FetchPacketsAsync(new FetchPacketsRequest { AfterSequence = after, MaxCount = 100 }, Bearer(recipientToken));
                if (page.Packets.Count == 0)
                {
                    break;
                }

                foreach (var packet in page.Packets)
                {
                    Assert.Equal(request.Packet, packet.Packet);
                    stored.Add(packet.MessageId);
                }

                after = page.Packets[^1].Sequence;
            }

            var lost = answered.Except(stored).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} of {answered.Count} sends answered OK are missing after the SIGKILL, e.g. {string.Join(", ", lost.Take(5))}");
            output.WriteLine($"{stored.Count} packets in the mailbox after restart ({stored.Count - answered.Count} stored but cut off before their answer)");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }

            File.Delete(dataDirectory + ".log");
            if (database is not null)
            {
                await Postgres.DropDatabaseAsync(database);
            }
        }
    }

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };
}
