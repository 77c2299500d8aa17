using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Wickr.Cluster.Grains.Storage.Sqlite;
using Wickr.Cluster.Grains.Users;

namespace Wickr.Cluster.Grains.Tests.Storage.Sqlite;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly GrainId _grain = GrainId.Create("wickr-user", $"{Guid.NewGuid():N}");

    public void Dispose()
    {
        _services.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task State_round_trips_and_a_missing_record_reads_as_absent()
    {
        var storage = Storage(_database.First);
        var state = new GrainState<RecoveryState>(new RecoveryState());
        await storage.ReadStateAsync("recovery", _grain, state);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);

        var bundle = TestDataBytes(300);
        state.State!.SealedBundle = bundle;
        await storage.WriteStateAsync("recovery", _grain, state);
        Assert.True(state.RecordExists);
        Assert.NotNull(state.ETag);

        var read = new GrainState<RecoveryState>(new RecoveryState());
        await Storage(_database.Second).ReadStateAsync("recovery", _grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(bundle, read.State!.SealedBundle);

        var otherName = new GrainState<RecoveryState>(new RecoveryState());
        await storage.ReadStateAsync("user", _grain, otherName);
        Assert.False(otherName.RecordExists);
    }

    [Fact]
    public async Task A_write_or_clear_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var first = Storage(_database.First);
        var second = Storage(_database.Second);
        var mine = new GrainState<RecoveryState>(new RecoveryState { SealedBundle = [1] });
        await first.WriteStateAsync("recovery", _grain, mine);
        var theirs = new GrainState<RecoveryState>(new RecoveryState());
        await second.ReadStateAsync("recovery", _grain, theirs);
        theirs.State!.SealedBundle = [2];
        await second.WriteStateAsync("recovery", _grain, theirs);

        mine.State!.SealedBundle = [3];
        await Assert.ThrowsAsync<InconsistentStateException>(() => first.WriteStateAsync("recovery", _grain, mine));
        await Assert.ThrowsAsync<InconsistentStateException>(() => first.ClearStateAsync("recovery", _grain, mine));
        var blind = new GrainState<RecoveryState>(new RecoveryState { SealedBundle = [4] });
        await Assert.ThrowsAsync<InconsistentStateException>(() => first.WriteStateAsync("recovery", _grain, blind));
        await Assert.ThrowsAsync<InconsistentStateException>(() => first.ClearStateAsync("recovery", _grain, blind));

        var read = new GrainState<RecoveryState>(new RecoveryState());
        await first.ReadStateAsync("recovery", _grain, read);
        Assert.Equal([2], read.State!.SealedBundle);
        Assert.Equal(theirs.ETag, read.ETag);
    }

    [Fact]
    public async Task Clear_deletes_the_record_and_a_new_write_starts_over()
    {
        var storage = Storage(_database.First);
        var state = new GrainState<RecoveryState>(new RecoveryState { SealedBundle = [1] });
        await storage.WriteStateAsync("recovery", _grain, state);

        await storage.ClearStateAsync("recovery", _grain, state);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        var read = new GrainState<RecoveryState>(new RecoveryState());
        await storage.ReadStateAsync("recovery", _grain, read);
        Assert.False(read.RecordExists);

        await storage.WriteStateAsync("recovery", _grain, state);
        Assert.True(state.RecordExists);
    }

    [Fact]
    public async Task Services_do_not_see_each_others_state()
    {
        var state = new GrainState<RecoveryState>(new RecoveryState { SealedBundle = [1] });
        await Storage(_database.First, "service-a").WriteStateAsync("recovery", _grain, state);

        var other = new GrainState<RecoveryState>(new RecoveryState());
        await Storage(_database.First, "service-b").ReadStateAsync("recovery", _grain, other);
        Assert.False(other.RecordExists);
    }

    private SqliteGrainStorage Storage(SqliteDatabase database, string serviceId = "test") =>
        new(database, new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()), serviceId);

    private static byte[] TestDataBytes(int length) => Fixtures.TestData.Bytes(length);
}
