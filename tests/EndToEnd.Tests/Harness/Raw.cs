using Grpc.Core;
using Wickr.Cluster.Api.V1;

namespace Wickr.Cluster.EndToEnd.Tests.Harness;

/// <summary>
/// The client library's own generated stubs, for requests the high-level client would never make (forged, replayed,
/// malformed), and a way to collect refusals so that every case is reported, not just the first that fails.
/// </summary>
internal sealed class Raw(ChannelBase channel)
{
    private readonly List<string> _mismatches = [];

    public Auth.AuthClient Auth { get; } = new(channel);

    public Accounts.AccountsClient Accounts { get; } = new(channel);

    public EphemeralKeys.EphemeralKeysClient Keys { get; } = new(channel);

    public Messages.MessagesClient Messages { get; } = new(channel);

    public int Cases { get; private set; }

    public static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    /// <summary>Runs <paramref name="call"/> and records a mismatch unless it is refused with <paramref name="expected"/>.</summary>
    public async Task RefusedAsync(StatusCode expected, string name, Func<Task> call)
    {
        Cases++;
        try
        {
            await call();
            _mismatches.Add($"{name}: accepted, expected {expected}");
        }
        catch (RpcException ex) when (ex.StatusCode == expected)
        {
            if (string.IsNullOrWhiteSpace(ex.Status.Detail))
            {
                _mismatches.Add($"{name}: {expected} without a message");
            }
        }
        catch (RpcException ex)
        {
            _mismatches.Add($"{name}: {ex.StatusCode} ({ex.Status.Detail}), expected {expected}");
        }
    }

    /// <summary>Fails with every mismatch recorded.</summary>
    public void AssertAllRefused() => Assert.True(_mismatches.Count == 0, $"{_mismatches.Count} of {Cases} cases:\n" + string.Join("\n", _mismatches));

    /// <summary>Reads a server stream's first event, so a refusal of the stream surfaces as an exception.</summary>
    public static async Task FirstEventAsync(AsyncServerStreamingCall<ServerEvent> call)
    {
        using (call)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await call.ResponseStream.MoveNext(timeout.Token);
        }
    }
}
