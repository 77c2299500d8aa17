extern alias gateway;
using gateway::Wickr.Cluster.Gateway.Errors;
using Grpc.Core;
using Orleans.Runtime;
using Orleans.Storage;
using Wickr.Cluster.ClientLib;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Gateway.Tests.Errors;

public sealed class StatusMappingTests
{
    [Theory]
    [InlineData(ClusterErrorCode.InvalidArgument, StatusCode.InvalidArgument)]
    [InlineData(ClusterErrorCode.NotFound, StatusCode.NotFound)]
    [InlineData(ClusterErrorCode.Conflict, StatusCode.AlreadyExists)]
    [InlineData(ClusterErrorCode.PermissionDenied, StatusCode.PermissionDenied)]
    [InlineData(ClusterErrorCode.MailboxFull, StatusCode.ResourceExhausted)]
    [InlineData(ClusterErrorCode.PoolFull, StatusCode.ResourceExhausted)]
    [InlineData(ClusterErrorCode.KeyIdNotIncreasing, StatusCode.InvalidArgument)]
    [InlineData(ClusterErrorCode.RateLimited, StatusCode.ResourceExhausted)]
    [InlineData(ClusterErrorCode.TooLarge, StatusCode.InvalidArgument)]
    [InlineData(ClusterErrorCode.LimitExceeded, StatusCode.ResourceExhausted)]
    [InlineData(ClusterErrorCode.Unavailable, StatusCode.Unavailable)]
    [InlineData(ClusterErrorCode.Timeout, StatusCode.DeadlineExceeded)]
    [InlineData(ClusterErrorCode.Aborted, StatusCode.Aborted)]
    [InlineData(ClusterErrorCode.Internal, StatusCode.Internal)]
    public void Every_cluster_error_code_has_a_precise_status(ClusterErrorCode code, StatusCode expected)
    {
        var status = StatusMapping.TryMap(new ClusterException(code, "what was wrong"));
        Assert.Equal(expected, status!.Value.StatusCode);
        Assert.Equal("what was wrong", status.Value.Detail);

        // The same code and message carried as data (a send's outcome for one recipient) get the same status.
        Assert.Equal(status.Value, StatusMapping.ToStatus(code, "what was wrong"));
    }

    [Fact]
    public void No_cluster_error_code_is_left_unmapped()
    {
        foreach (var code in Enum.GetValues<ClusterErrorCode>().Where(c => c != ClusterErrorCode.Internal))
        {
            Assert.NotEqual(StatusCode.Internal, StatusMapping.ToStatusCode(code));
        }
    }

    public static TheoryData<Exception, StatusCode> Failures() => new()
    {
        { new SiloUnavailableException("silo gone"), StatusCode.Unavailable },
        { new GatewayTooBusyException(), StatusCode.Unavailable },
        { new Orleans.Runtime.Messaging.ConnectionFailedException("no connection"), StatusCode.Unavailable },
        { new TimeoutException("slow"), StatusCode.DeadlineExceeded },
        { new InconsistentStateException("etag"), StatusCode.Aborted },
        { new WickrException(WickrError.Parse, "bad bytes"), StatusCode.InvalidArgument },
        { new WickrException(WickrError.Signature, "bad signature"), StatusCode.Unauthenticated },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Orleans_and_clientlib_failures_are_mapped(Exception failure, StatusCode expected) =>
        Assert.Equal(expected, StatusMapping.TryMap(failure)!.Value.StatusCode);

    public static TheoryData<Exception, ClusterErrorCode> GrainCallFailures() => new()
    {
        { new ClusterException(ClusterErrorCode.MailboxFull, "full"), ClusterErrorCode.MailboxFull },
        { new SiloUnavailableException("silo gone"), ClusterErrorCode.Unavailable },
        { new GatewayTooBusyException(), ClusterErrorCode.Unavailable },
        { new Orleans.Runtime.Messaging.ConnectionFailedException("no connection"), ClusterErrorCode.Unavailable },
        { new TimeoutException("slow"), ClusterErrorCode.Timeout },
        { new InconsistentStateException("etag"), ClusterErrorCode.Aborted },
    };

    [Theory]
    [MemberData(nameof(GrainCallFailures))]
    public void A_grain_calls_failure_carried_as_its_code_and_message_gets_the_status_the_exception_would(Exception failure, ClusterErrorCode code)
    {
        var described = ClusterFailures.Describe(failure)!.Value;

        Assert.Equal(code, described.Code);
        Assert.Equal(StatusMapping.TryMap(failure), StatusMapping.ToStatus(described.Code, described.Message));
    }

    [Fact]
    public void An_unexpected_failure_of_a_grain_call_is_not_described()
    {
        Assert.Null(ClusterFailures.Describe(new InvalidOperationException("bug")));
        Assert.Null(ClusterFailures.Describe(new WickrException(WickrError.Parse, "bad bytes")));
    }

    [Fact]
    public void Cluster_trouble_is_answered_without_internal_details()
    {
        var status = StatusMapping.TryMap(new SiloUnavailableException("silo S127.0.0.1:11111 at node 0123abcd"))!.Value;
        Assert.DoesNotContain("127.0.0.1", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Anything_else_is_not_a_known_failure() =>
        Assert.Null(StatusMapping.TryMap(new InvalidOperationException("bug")));

    [Fact]
    public void A_rate_limit_is_resource_exhausted_with_a_retry_after_trailer_rounded_up_to_whole_milliseconds()
    {
        var limited = ClusterException.RateLimited(TimeSpan.FromMilliseconds(1499.2), "Too many claims on this pool; retry later.");

        Assert.Equal(StatusCode.ResourceExhausted, StatusMapping.TryMap(limited)!.Value.StatusCode);
        Assert.Equal(1500, StatusMapping.RetryAfterMs(limited));
        Assert.Equal("1500", StatusMapping.Trailers(limited).GetValue(StatusMapping.RetryAfterTrailer));

        // Other failures carry no retry-after.
        var full = new ClusterException(ClusterErrorCode.MailboxFull, "The recipient's mailbox is full; the packet was not stored.");
        Assert.Null(StatusMapping.RetryAfterMs(full));
        Assert.Empty(StatusMapping.Trailers(full));
    }
}
