extern alias gateway;

using gateway::Wickr.Cluster.Gateway.Errors;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Gateway.Tests.Errors;

public sealed class ErrorMappingInterceptorTests
{
    private readonly RecordingLogger _log = new();

    [Fact]
    public async Task An_unexpected_failure_is_internal_with_a_generic_message_and_is_logged_for_the_operator()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => CallAsync(new InvalidOperationException("internal detail")));
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Equal(StatusMapping.InternalMessage, ex.Status.Detail);
        var entry = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains("/wickr.cluster.v1.Test/Call", entry.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(entry.Exception);
    }

    [Fact]
    public async Task A_cluster_error_keeps_its_code_and_message()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => CallAsync(new ClusterException(ClusterErrorCode.MailboxFull, "full")));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal("full", ex.Status.Detail);
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public async Task An_unreachable_cluster_is_unavailable_and_logged_as_a_warning()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => CallAsync(new SiloUnavailableException()));
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(LogLevel.Warning, Assert.Single(_log.Entries).Level);
    }

    [Fact]
    public async Task A_cancelled_call_is_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => CallAsync(new OperationCanceledException(cancelled.Token), cancelled.Token));
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task A_call_whose_client_gave_up_ends_then_although_the_grain_call_behind_it_still_waits()
    {
        var interceptor = new ErrorMappingInterceptor(new Logger<ErrorMappingInterceptor>(_log));
        using var client = new CancellationTokenSource();
        var grainCall = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = interceptor.UnaryServerHandler<string, string>("request", new CallContext(client.Token), (_, _) => grainCall.Task);
        Assert.False(call.IsCompleted);

        // The client's deadline passes (the server cancels the call's token) while the silo never answers.
        await client.CancelAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);

        // A call whose grain answers in time still gets its answer.
        var answered = interceptor.UnaryServerHandler<string, string>("request", new CallContext(CancellationToken.None), (_, _) => Task.FromResult("reply"));
        Assert.Equal("reply", await answered);
    }

    [Fact]
    public async Task A_streaming_call_is_mapped_too()
    {
        var interceptor = new ErrorMappingInterceptor(new Logger<ErrorMappingInterceptor>(_log));
        var ex = await Assert.ThrowsAsync<RpcException>(() => interceptor.ServerStreamingServerHandler<string, string>(
            "request", null!, new CallContext(CancellationToken.None), (_, _, _) => throw new TimeoutException()));
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    private Task<string> CallAsync(Exception failure, CancellationToken cancellationToken = default)
    {
        var interceptor = new ErrorMappingInterceptor(new Logger<ErrorMappingInterceptor>(_log));
        return interceptor.UnaryServerHandler<string, string>(
            "request", new CallContext(cancellationToken), (_, _) => Task.FromException<string>(failure));
    }

    /// <summary>The few members of a call context the interceptor reads: the method name and the cancellation token.</summary>
    private sealed class CallContext(CancellationToken cancellationToken) : ServerCallContext
    {
        protected override string MethodCore => "/wickr.cluster.v1.Test/Call";

        protected override string HostCore => "localhost";

        protected override string PeerCore => "ipv4:127.0.0.1:1";

        protected override DateTime DeadlineCore => DateTime.MaxValue;

        protected override Metadata RequestHeadersCore { get; } = [];

        protected override CancellationToken CancellationTokenCore => cancellationToken;

        protected override Metadata ResponseTrailersCore { get; } = [];

        protected override Status StatusCore { get; set; }

        protected override WriteOptions? WriteOptionsCore { get; set; }

        protected override AuthContext AuthContextCore { get; } = new(null, []);

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
            throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }

    private sealed class RecordingLogger : ILoggerFactory, ILogger
    {
        public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, null), exception));

        public void Dispose()
        {
        }
    }
}
