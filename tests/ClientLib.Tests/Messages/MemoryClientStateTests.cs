using Wickr.Cluster.ClientLib.Client;

namespace Wickr.Cluster.ClientLib.Tests.Messages;

/// <summary>The in-memory store: the contract, and what only memory does (a timer that deletes and zeroes unasked).</summary>
public sealed class MemoryClientStateTests : MessageStoreContract
{
    private readonly MemoryClientState _store;

    public MemoryClientStateTests() => _store = new MemoryClientState(Time);

    protected override IClientState Store => _store;

    public override void Dispose()
    {
        _store.Dispose();
        base.Dispose();
    }

    [Fact]
    public void The_timer_deletes_an_expired_message_without_anybody_looking_and_zeroes_its_body()
    {
        Assert.True(Keep(Text(1, "gone in ten seconds", ttl: 10)));
        var held = _store.Find(1)!;
        Time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Contains(held.Body, b => b != 0);

        // Nothing is called on the store: its timer fires.
        Time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.All(held.Body, b => Assert.Equal(0, b));
        Assert.Equal(0, _store.Purge());
    }

    [Fact]
    public void A_burned_message_zeroes_the_body_its_reader_holds()
    {
        Assert.True(Keep(Text(1, "burn after reading", burn: 5)));
        var read = _store.Read(1)!;
        Time.Advance(TimeSpan.FromSeconds(5));
        Assert.All(read.Body, b => Assert.Equal(0, b));
    }

    [Fact]
    public void The_store_keeps_its_own_copy_of_what_arrived()
    {
        var arrived = Text(1, "original");
        Assert.True(Keep(arrived));
        Array.Clear(arrived.Message.Body);
        Assert.Equal("original", _store.Find(1)!.Text);
    }

    [Fact]
    public void Dispose_zeroes_every_message()
    {
        Assert.True(Keep(Text(1, "held")));
        var held = _store.Find(1)!;
        _store.Dispose();
        Assert.All(held.Body, b => Assert.Equal(0, b));
    }
}
