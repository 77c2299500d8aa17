namespace Wickr.Cluster.EndToEnd.Tests.Harness;

/// <summary>A compact run through every kind of secret the protocol makes: the content of a storage scan.</summary>
internal static class Flows
{
    /// <summary>
    /// Alice (2 devices) and Bob (2 devices) exchange messages, a group send includes Carol, an offline device of
    /// Bob's drains its pool down to the last-resort key and reads its backlog after reconnecting. Returns the root
    /// public keys involved (public data the store must hold: the scan's positive control).
    /// </summary>
    public static async Task<List<byte[]>> ExchangeAsync(World w)
    {
        var alice = await w.UserAsync("alice", 2);
        var bob = await w.UserAsync("bob", 2, options: w.Options(poolTarget: 4));
        var carol = await w.UserAsync("carol", 1);

        var hello = await alice[0].SendAsync(bob.Root, w.Text("hello", ttl: 60));
        Assert.True(hello.AllQueued, string.Join("; ", hello.Failures));
        foreach (var device in bob.Devices.Append(alice[1]))
        {
            Assert.Equal(hello.MessageId, (await device.NextAsync()).MessageId);
        }

        var group = await bob[1].SendAsync([alice.Root, carol.Root], w.Text("group", bor: 10));
        Assert.True(group.AllQueued, string.Join("; ", group.Failures));
        foreach (var device in alice.Devices.Concat(carol.Devices).Append(bob[0]))
        {
            Assert.Equal(group.MessageId, (await device.NextAsync()).MessageId);
        }

        await bob[1].DisconnectAsync();
        // Carol holds 4 secondary keys from Bob's group message and Bob's pool has 4: the 9th send gets the last-resort key.
        var sent = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var result = await carol[0].SendAsync(bob.Root, w.Text($"while away {i}"));
            Assert.True(result.AllQueued, string.Join("; ", result.Failures));
            sent.Add(result.MessageId);
        }
        Assert.Equal(sent, (await bob[0].TakeAsync(10)).Select(m => m.MessageId));
        await bob[1].ConnectAsync();
        var backlog = await bob[1].TakeAsync(10);
        Assert.Equal(sent, backlog.Select(m => m.MessageId));
        Assert.Contains(backlog, m => m.ViaLastResortKey);

        return [alice.User.Root.PublicKey.ToArray(), bob.User.Root.PublicKey.ToArray(), carol.User.Root.PublicKey.ToArray()];
    }

    /// <summary>Fails unless the recorder holds secrets of every kind, so a scan can never pass for want of needles.</summary>
    public static void AssertEveryKindRecorded(KeyRecorder recorder)
    {
        foreach (var kind in new[]
        {
            "message body", "private key DER", "private key scalar", "Aes256Gcm key", "Aes256Ctr key",
            "key agreement secret", "derived key", "Knsr", "Krs", "Krbk", "Klds",
        })
        {
            Assert.True(recorder.Count(kind) > 0, $"no {kind} was recorded");
        }
    }
}
