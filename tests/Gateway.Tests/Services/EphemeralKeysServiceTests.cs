using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Gateway.Tests.Services;

[Collection(GatewayCollection.Name)]
public sealed class EphemeralKeysServiceTests(GatewayFixture fixture)
{
    private TestClients Clients => fixture.Clients;

    [Fact]
    public async Task Uploaded_keys_are_counted_in_the_callers_pool()
    {
        var device = await Clients.NewDeviceAsync();
        var status = await Clients.UploadKeysAsync(device, 7);

        Assert.Equal(7, status.Count);
        Assert.Equal(TestLimits.PoolMaxKeys, status.Capacity);
        Assert.Equal(7ul, status.HighestKeyId);
        Assert.False(status.Low);
        Assert.False(status.HasLastResortKey);
        Assert.Equal(status, (await Clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest(), device.Headers)).Status);
    }

    [Theory]
    [InlineData("empty", "keys: 1 to 100 keys, not 0")]
    [InlineData("too_many", "keys: 1 to 100 keys, not 101")]
    [InlineData("key_size", "keys[1].public_key: a public key has 134 bytes, not 133")]
    [InlineData("key_point", "keys[1].public_key: the public key is not a valid P-521 point")]
    [InlineData("signature_size", "keys[1].signature: a signature has 143 bytes, not 142")]
    [InlineData("signature_other_node", "keys[1].signature: ephemeral key 4 is not signed by the node key")]
    [InlineData("signature_other_key", "keys[1].signature: ephemeral key 4 is not signed by the node key")]
    [InlineData("ids_equal", "keys[1].key_id: ids must increase within a batch; 3 follows 3")]
    [InlineData("ids_down", "keys[2].key_id: ids must increase within a batch; 3 follows 4")]
    public async Task A_malformed_upload_is_invalid_and_stores_nothing(string flaw, string message)
    {
        var device = await Clients.NewDeviceAsync();
        var before = await Clients.UploadKeysAsync(device, 2);
        var keys = device.Pool.Generate(3).Select(TestDevice.ToProto).ToList();
        switch (flaw)
        {
            case "empty": keys.Clear(); break;
            case "too_many": keys.AddRange(device.Pool.Generate(ProtocolLimits.MaxUploadKeys + 1 - keys.Count).Select(TestDevice.ToProto)); break;
            case "key_size": keys[1].PublicKey = ByteString.CopyFrom(keys[1].PublicKey.Span[..133]); break;
            case "key_point": keys[1].PublicKey = Flip(keys[1].PublicKey, 100); break;
            case "signature_size": keys[1].Signature = ByteString.CopyFrom(keys[1].Signature.Span[..142]); break;
            case "signature_other_node":
                using (var stranger = EcKeyPair.Generate())
                {
                    keys[1].Signature = ByteString.CopyFrom(EcdsaSignature.Sign(stranger, keys[1].PublicKey.Span));
                }

                break;
            case "signature_other_key": keys[1].Signature = keys[0].Signature; break;
            case "ids_equal": keys[1].KeyId = keys[0].KeyId; break;
            case "ids_down": keys[2].KeyId = keys[0].KeyId; break;
        }

        var request = new UploadKeysRequest();
        request.Keys.AddRange(keys);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, message, () => Clients.Keys.UploadKeysAsync(request, device.Headers));
        Assert.Equal(before, await PoolStatusAsync(device));
    }

    [Fact]
    public async Task A_key_signed_by_the_node_key_but_off_the_curve_is_invalid_and_the_pool_keeps_serving_its_own_keys()
    {
        // The attack: the owner (or whoever holds its token) signs bytes that are no P-521 point, so that a store keeping
        // keys compressed would hand claimers a different key than the one signed.
        var owner = await Clients.NewDeviceAsync();
        var claimer = await Clients.NewDeviceAsync();
        var before = await Clients.UploadKeysAsync(owner, 1);
        var keys = owner.Pool.Generate(2).Select(TestDevice.ToProto).ToList();
        var offCurve = keys[1].PublicKey.ToByteArray();
        offCurve[^1] ^= 1;
        keys[1].PublicKey = ByteString.CopyFrom(offCurve);
        keys[1].Signature = ByteString.CopyFrom(EcdsaSignature.Sign(owner.NodeKey, offCurve));

        var request = new UploadKeysRequest();
        request.Keys.AddRange(keys);
        await RpcAssert.FailsAsync(
            StatusCode.InvalidArgument, "keys[1].public_key: the public key is not a valid P-521 point", () => Clients.Keys.UploadKeysAsync(request, owner.Headers));

        Assert.Equal(before, await PoolStatusAsync(owner));
        var claimed = Assert.Single((await Clients.Keys.ClaimKeysAsync(Claim(owner), claimer.Headers)).Keys);
        Assert.Equal(0, claimed.ErrorCode);
        var key = TestDevice.FromProto(claimed.Key);
        key.Validate(P521Suite.Instance, owner.NodeKey.PublicKey);
        Assert.NotNull(owner.Pool.Find(key.KeyId));
    }

    [Fact]
    public async Task Ids_at_or_below_one_already_seen_are_invalid_and_store_nothing()
    {
        var device = await Clients.NewDeviceAsync();
        var before = await Clients.UploadKeysAsync(device, 3);
        var request = new UploadKeysRequest();
        request.Keys.Add(WithId(TestDevice.ToProto(device.Pool.Generate(1)[0]), 3));

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "at or below 3",
            () => Clients.Keys.UploadKeysAsync(request, device.Headers));
        Assert.Equal(before, await PoolStatusAsync(device));
    }

    [Fact]
    public async Task A_full_pool_is_resource_exhausted_and_keeps_what_it_has()
    {
        var device = await Clients.NewDeviceAsync();
        await Clients.UploadKeysAsync(device, TestLimits.PoolMaxKeys);

        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, "do not fit", () => Clients.UploadKeysAsync(device, 1));
        Assert.Equal(TestLimits.PoolMaxKeys, (await PoolStatusAsync(device)).Count);
    }

    [Fact]
    public async Task Naming_another_nodes_pool_is_permission_denied()
    {
        var device = await Clients.NewDeviceAsync();
        var victim = await Clients.NewDeviceAsync();
        var victimNode = ByteString.CopyFrom(victim.NodeIdentifier);

        var upload = new UploadKeysRequest { NodeIdentifier = victimNode };
        upload.Keys.Add(TestDevice.ToProto(device.Pool.Generate(1)[0]));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "its own node", () => Clients.Keys.UploadKeysAsync(upload, device.Headers));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "its own node",
            () => Clients.Keys.SetLastResortKeyAsync(
                new SetLastResortKeyRequest { NodeIdentifier = victimNode, Key = TestDevice.ToProto(device.Pool.GenerateLastResort()) },
                device.Headers));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "its own node",
            () => Clients.Keys.GetPoolStatusAsync(new GetPoolStatusRequest { NodeIdentifier = victimNode }, device.Headers));
        Assert.Equal(0, (await PoolStatusAsync(victim)).Count);
        Assert.False((await PoolStatusAsync(victim)).HasLastResortKey);

        // Naming one's own node is the same as naming none.
        upload.NodeIdentifier = ByteString.CopyFrom(device.NodeIdentifier);
        Assert.Equal(1, (await Clients.Keys.UploadKeysAsync(upload, device.Headers)).Status.Count);
    }

    [Fact]
    public async Task Each_key_goes_to_one_claimer_then_the_last_resort_key_is_marked()
    {
        var owner = await Clients.NewDeviceAsync();
        var claimer = await Clients.NewDeviceAsync();
        await Clients.UploadKeysAsync(owner, 2);
        var lastResort = owner.Pool.GenerateLastResort();
        await Clients.Keys.SetLastResortKeyAsync(new SetLastResortKeyRequest { Key = TestDevice.ToProto(lastResort) }, owner.Headers);

        var claimed = new List<ClaimedKey>();
        for (var i = 0; i < 3; i++)
        {
            claimed.Add(Assert.Single((await Clients.Keys.ClaimKeysAsync(Claim(owner), claimer.Headers)).Keys));
        }

        Assert.All(claimed, c => Assert.Equal(0, c.ErrorCode));
        Assert.Equal([1ul, 2ul, lastResort.KeyId], claimed.Select(c => c.Key.KeyId));
        Assert.Equal([false, false, true], claimed.Select(c => c.LastResort));

        // Every claimed key is the owner's, signed by its node key, and opens nothing but the owner's pool.
        foreach (var c in claimed)
        {
            var key = TestDevice.FromProto(c.Key);
            key.Validate(P521Suite.Instance, owner.NodeKey.PublicKey);
            Assert.NotNull(owner.Pool.Find(key.KeyId));
        }

        Assert.Equal(0, (await PoolStatusAsync(owner)).Count);
    }

    [Fact]
    public async Task Claims_report_per_node_outcomes()
    {
        var claimer = await Clients.NewDeviceAsync();
        var stocked = await Clients.NewDeviceAsync();
        var empty = await Clients.NewDeviceAsync();
        await Clients.UploadKeysAsync(stocked, 1);
        var unknown = RandomNumberGenerator.GetBytes(32);

        var request = Claim(stocked, empty);
        request.NodeIdentifiers.Add(ByteString.CopyFrom(unknown));
        var keys = (await Clients.Keys.ClaimKeysAsync(request, claimer.Headers)).Keys;

        Assert.Equal(3, keys.Count);
        Assert.Equal(0, keys[0].ErrorCode);
        Assert.Equal(1ul, keys[0].Key.KeyId);
        Assert.Equal((int)StatusCode.NotFound, keys[1].ErrorCode);
        Assert.Contains("no last-resort key", keys[1].ErrorMessage, StringComparison.Ordinal);
        Assert.Null(keys[1].Key);
        Assert.Equal((int)StatusCode.NotFound, keys[2].ErrorCode);
        Assert.Equal(unknown, keys[2].NodeIdentifier.ToByteArray());
    }

    [Fact]
    public async Task Claiming_too_fast_from_one_pool_is_resource_exhausted_for_that_node()
    {
        var owner = await Clients.NewDeviceAsync();
        var claimer = await Clients.NewDeviceAsync();
        await Clients.Keys.SetLastResortKeyAsync(
            new SetLastResortKeyRequest { Key = TestDevice.ToProto(owner.Pool.GenerateLastResort()) }, owner.Headers);

        for (var i = 0; i < TestLimits.ClaimBurst; i++)
        {
            Assert.Equal(0, (await Clients.Keys.ClaimKeysAsync(Claim(owner), claimer.Headers)).Keys[0].ErrorCode);
        }

        var limited = (await Clients.Keys.ClaimKeysAsync(Claim(owner), claimer.Headers)).Keys[0];
        Assert.Equal((int)StatusCode.ResourceExhausted, limited.ErrorCode);
        Assert.Contains("Too many claims", limited.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty", "node_identifiers: 1 to 8 node identifiers, not 0")]
    [InlineData("too_many", "node_identifiers: 1 to 8 node identifiers, not 9")]
    [InlineData("size", "node_identifiers[1]: a node identifier has 32 bytes, not 33")]
    [InlineData("repeat", "node_identifiers[1]: the node is listed more than once")]
    public async Task A_malformed_claim_is_invalid_and_claims_nothing(string flaw, string message)
    {
        var owner = await Clients.NewDeviceAsync();
        var claimer = await Clients.NewDeviceAsync();
        await Clients.UploadKeysAsync(owner, 3);
        var request = Claim(owner);
        switch (flaw)
        {
            case "empty": request.NodeIdentifiers.Clear(); break;
            case "too_many": request.NodeIdentifiers.AddRange(Enumerable.Range(0, 8).Select(_ => ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)))); break;
            case "size": request.NodeIdentifiers.Add(ByteString.CopyFrom(new byte[33])); break;
            case "repeat": request.NodeIdentifiers.Add(request.NodeIdentifiers[0]); break;
        }

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, message, () => Clients.Keys.ClaimKeysAsync(request, claimer.Headers));
        Assert.Equal(3, (await PoolStatusAsync(owner)).Count);
    }

    [Fact]
    public async Task A_last_resort_key_is_checked_like_any_key()
    {
        var device = await Clients.NewDeviceAsync();
        await Clients.UploadKeysAsync(device, 2);
        var key = TestDevice.ToProto(device.Pool.GenerateLastResort());

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "key: the last-resort key is required",
            () => Clients.Keys.SetLastResortKeyAsync(new SetLastResortKeyRequest(), device.Headers));
        var forged = key.Clone();
        forged.Signature = TestDevice.ToProto(device.Pool.Generate(1)[0]).Signature;
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "is not signed by the node key",
            () => Clients.Keys.SetLastResortKeyAsync(new SetLastResortKeyRequest { Key = forged }, device.Headers));
        var stale = WithId(key, 2);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "at or below 2",
            () => Clients.Keys.SetLastResortKeyAsync(new SetLastResortKeyRequest { Key = stale }, device.Headers));
        Assert.False((await PoolStatusAsync(device)).HasLastResortKey);

        await Clients.Keys.SetLastResortKeyAsync(new SetLastResortKeyRequest { Key = key }, device.Headers);
        Assert.True((await PoolStatusAsync(device)).HasLastResortKey);
    }

    private static ClaimKeysRequest Claim(params TestDevice[] owners)
    {
        var request = new ClaimKeysRequest();
        request.NodeIdentifiers.AddRange(owners.Select(o => ByteString.CopyFrom(o.NodeIdentifier)));
        return request;
    }

    private async Task<PoolStatus> PoolStatusAsync(TestDevice device)
    {
        var status = await fixture.Client.GetEphemeralKeyPoolGrain(device.NodeIdentifier).GetStatusAsync();
        return new PoolStatus
        {
            Count = status.Count,
            Capacity = status.Capacity,
            Low = status.IsLow,
            HasLastResortKey = status.HasLastResortKey,
            HighestKeyId = status.HighestKeyId ?? 0,
        };
    }

    /// <summary>The same signed key under another id (the signature covers the public key only).</summary>
    private static EphemeralKey WithId(EphemeralKey key, ulong id)
    {
        var copy = key.Clone();
        copy.KeyId = id;
        return copy;
    }

    private static ByteString Flip(ByteString value, int index)
    {
        var bytes = value.ToByteArray();
        bytes[index] ^= 0x01;
        return ByteString.CopyFrom(bytes);
    }
}
