using System.Text;
using Wickr.Cluster.EndToEnd.Tests.Harness;

namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>Alice and Bob (two devices): init, verify, both ways, live, recover; then nothing readable in any store.</summary>
public sealed partial class CliProcessTests
{
    [Fact]
    [RunLast]
    public async Task Alice_and_Bob_with_two_devices_verify_talk_listen_and_recover_and_no_store_holds_a_text_or_a_key()
    {
        var secrets = new KeyRecorder();
        var (alice, aliceName, aliceInit) = await InitAsync("alice");
        var (bob, bobName, bobInit) = await InitAsync("bob");
        var texts = new List<string>();
        string Say(string what)
        {
            var text = $"{what} {Guid.NewGuid():N}";
            texts.Add(text);
            return text;
        }

        // Verify each other: both fingerprints shown, the root pinned, the contact verified.
        var aliceVerifies = (await alice.OkAsync("verify", bobName, "--confirm", "--json")).Json;
        Assert.Equal(bobInit.GetProperty("fingerprint").GetString(), aliceVerifies.GetProperty("theirs").GetString());
        Assert.Equal(aliceInit.GetProperty("fingerprint").GetString(), aliceVerifies.GetProperty("mine").GetString());
        Assert.True(aliceVerifies.GetProperty("verified").GetBoolean());
        var bobVerifies = (await bob.OkAsync("verify", aliceName, "--confirm", "--json")).Json;
        Assert.Equal(aliceVerifies.GetProperty("combined").GetString(), bobVerifies.GetProperty("combined").GetString());
        var aliceKeys = DeviceStoreSecrets.Collect(secrets, alice);
        var bobKeys = DeviceStoreSecrets.Collect(secrets, bob);
        Assert.True(aliceKeys.EphemeralKeys > 0 && bobKeys.EphemeralKeys > 0, "both stores hold their published keys");

        // Both ways.
        var first = Say("Alice to Bob, the first message:");
        Assert.True((await alice.OkAsync("send", bobName, first, "--json")).Json.GetProperty("all_queued").GetBoolean());
        var bobInbox = Inbox(await bob.OkAsync("inbox", "--json"));
        var received = Assert.Single(bobInbox, m => Text(m) == first);
        Assert.Equal(aliceName, received.GetProperty("from").GetString());
        Assert.True(received.GetProperty("sender_authenticated").GetBoolean());
        var reply = Say("Bob answers Alice:");
        await bob.OkAsync("send", aliceName, reply);
        Assert.Single(Inbox(await alice.OkAsync("inbox", "--json")), m => Text(m) == reply);

        // Live: Alice listens, Bob sends, the listener prints it and exits after one message.
        using (var listening = alice.Start(new Dictionary<string, string>(), "listen", "--count", "1", "--timeout", "60", "--json"))
        {
            await listening.WaitForStderrAsync("listening as", TimeSpan.FromSeconds(60));
            var live = Say("Bob, live, to a listening Alice:");
            await bob.OkAsync("send", aliceName, live);
            var heard = await listening.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(heard.ExitCode == 0, heard.ToString());
            Assert.Equal(live, Text(heard.Json));
        }

        // Bob's second device, from the recovery bundle and the passphrase: it gets Bob's contacts back and new messages.
        var bob2 = new WickrCli(Server, Path.Combine(_root, "bob2"), bob.Passphrase);
        await bob2.OkAsync("recover", bobName, "--json");
        var devices = (await bob.OkAsync("devices", "--json")).Json.EnumerateArray().ToList();
        Assert.Equal(2, devices.Count);
        var restored = Assert.Single((await bob2.OkAsync("contacts", "--json")).Json.EnumerateArray(), c => c.GetProperty("user").GetString() == aliceName);
        Assert.True(restored.GetProperty("verified").GetBoolean());
        var afterRecovery = Say("Alice to both of Bob's devices:");
        var sent = (await alice.OkAsync("send", bobName, afterRecovery, "--json")).Json;
        Assert.Equal(2, sent.GetProperty("deliveries").GetArrayLength());
        var bob2Inbox = Inbox(await bob2.OkAsync("inbox", "--json"));
        Assert.Single(bob2Inbox, m => Text(m) == afterRecovery);
        Assert.DoesNotContain(bob2Inbox, m => Text(m) == first);
        Assert.Single(Inbox(await bob.OkAsync("inbox", "--json")), m => Text(m) == afterRecovery);
        var status = (await bob2.OkAsync("status", "--json")).Json;
        Assert.Equal(0, status.GetProperty("outbox").GetInt32());

        // The scan: every store file (with whatever else the folders hold) and the server's storage.
        foreach (var device in new[] { alice, bob, bob2 })
        {
            DeviceStoreSecrets.Collect(secrets, device);
        }
        foreach (var text in texts)
        {
            secrets.Record("message text", Encoding.UTF8.GetBytes(text));
        }
        await fixture.Cluster.StopAsync();
        var scanner = new StorageScanner(secrets.Secrets);
        var files = new[] { alice, bob, bob2 }.SelectMany(d => Directory.GetFiles(d.Home, "*", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(fixture.Cluster.DataDirectory, "*", SearchOption.AllDirectories)).ToList();
        var serverBytes = new List<byte>();
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            if (file.StartsWith(fixture.Cluster.DataDirectory, StringComparison.Ordinal))
            {
                serverBytes.AddRange(bytes);
            }
            var found = scanner.Find(bytes);
            Assert.True(found.Count == 0, $"{file} holds {found.Count} secrets: {string.Join(", ", found.Take(10))}");
        }
        output.WriteLine($"scanned {files.Count} files for {secrets.Secrets.Count} secrets ({secrets.Count("message text")} texts) in {scanner.NeedleCount} forms");

        // The controls: the scan finds public data the server must hold, and each store holds its keys (sealed).
        Assert.NotEmpty(new StorageScanner([new KeyRecorder.Secret("root public key", aliceKeys.RootPublicKey)]).Find(serverBytes.ToArray()));
        Assert.True(secrets.Count("private key scalar") >= aliceKeys.EphemeralKeys + bobKeys.EphemeralKeys);
    }
}
