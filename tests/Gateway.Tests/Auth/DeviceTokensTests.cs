extern alias gateway;

using System.Security.Cryptography;
using gateway::Wickr.Cluster.Gateway;
using gateway::Wickr.Cluster.Gateway.Auth;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Wickr.Cluster.Gateway.Tests.Auth;

public sealed class DeviceTokensTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly byte[] _node = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _root = RandomNumberGenerator.GetBytes(127);
    private readonly byte[] _nodeKey = RandomNumberGenerator.GetBytes(134);

    [Fact]
    public void A_token_carries_node_root_key_fingerprint_and_expiry()
    {
        var tokens = Tokens(Secret());
        var (token, expiresAt) = tokens.Issue(_node, _root, _nodeKey);

        Assert.StartsWith("wc1.", token, StringComparison.Ordinal);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(15), expiresAt);
        Assert.True(tokens.TryVerify(token, out var verified, out _));
        Assert.Equal(_node, verified!.NodeIdentifier);
        Assert.Equal(_root, verified.RootIdentifier);
        Assert.Equal(DeviceTokens.Fingerprint(_nodeKey), verified.NodeKeyFingerprint);
        Assert.Equal(expiresAt, verified.ExpiresAt);
    }

    [Fact]
    public void A_token_is_refused_from_its_expiry_on()
    {
        var tokens = Tokens(Secret());
        var (token, _) = tokens.Issue(_node, _root, _nodeKey);
        _time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromMilliseconds(1));
        Assert.True(tokens.TryVerify(token, out _, out _));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(tokens.TryVerify(token, out _, out var failure));
        Assert.Equal("expired", failure);
    }

    [Fact]
    public void Every_changed_character_is_refused()
    {
        var tokens = Tokens(Secret());
        var (token, _) = tokens.Issue(_node, _root, _nodeKey);
        for (var i = 0; i < token.Length; i++)
        {
            var changed = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            Assert.False(tokens.TryVerify(changed, out _, out _), $"accepted a change at {i}");
        }

        Assert.False(tokens.TryVerify(token + "A", out _, out _));
        Assert.False(tokens.TryVerify(token[..^1], out _, out _));
        Assert.False(tokens.TryVerify(string.Empty, out _, out _));
        Assert.False(tokens.TryVerify(new string('a', 5000), out _, out var failure));
        Assert.Equal("malformed", failure);
    }

    [Fact]
    public void Only_the_current_and_previous_secrets_verify()
    {
        var old = Secret();
        var (token, _) = Tokens(old).Issue(_node, _root, _nodeKey);

        Assert.False(Tokens(Secret()).TryVerify(token, out _, out var failure));
        Assert.Equal("bad_signature", failure);
        Assert.True(Tokens(Secret(), old).TryVerify(token, out _, out _));
    }

    private static string Secret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private DeviceTokens Tokens(string secret, params string[] previous)
    {
        var options = new GatewayOptions { TokenSecret = secret };
        foreach (var p in previous)
        {
            options.PreviousTokenSecrets.Add(p);
        }

        var wrapped = Options.Create(options);
        return new DeviceTokens(new TokenKeys(wrapped, NullLogger<TokenKeys>.Instance), wrapped, _time);
    }
}
