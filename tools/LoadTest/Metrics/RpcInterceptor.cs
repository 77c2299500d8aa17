using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Wickr.Cluster.Api.V1;

namespace Wickr.Cluster.LoadTest.Metrics;

/// <summary>
/// Sees every unary call a simulated device makes: latency from the call's start and status per method, and from
/// the wire itself the claim outcome of every node (one-time, last-resort, refused with its status) and the pool
/// counts the server reports to the device that owns this interceptor. A node whose claim call failed as a whole counts as refused with that call's status.
/// For room-burst it also sees each SendPacket's message id and every packet arriving on the device's Subscribe stream,
/// before the client decodes it (<see cref="HandOffClock"/>).
/// </summary>
internal sealed class RpcInterceptor(RunRecorder recorder, string ownNodeHex) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var operation = OperationContext.Current;
        var claimed = context.Method.Name == ClaimKeysMethod ? Reparse(request, ClaimKeysRequest.Parser).NodeIdentifiers.Count : 0;
        recorder.ClaimsRequested(claimed);
        var sentMessage = context.Method.Name == SendPacketMethod && recorder.HandOffs is not null ? MessageIdOf(request) : null;
        if (sentMessage is not null)
        {
            recorder.SendPacketStarted(sentMessage);
        }
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(
            ObserveAsync(call.ResponseAsync, context.Method.Name, started, operation, claimed, sentMessage),
            call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        if (context.Method.Name != SubscribeMethod || recorder.HandOffs is null)
        {
            return call;
        }
        return new AsyncServerStreamingCall<TResponse>(
            new ArrivalReader<TResponse>(call.ResponseStream, recorder), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private async Task<TResponse> ObserveAsync<TResponse>(Task<TResponse> response, string method, long started, OperationContext? operation, int claimed, string? sentMessage)
    {
        try
        {
            var reply = await response;
            if (sentMessage is not null)
            {
                recorder.SendPacketAccepted(sentMessage);
            }
            recorder.Rpc(method, Stopwatch.GetElapsedTime(started), StatusCode.OK);
            Inspect(reply, method, operation, claimed);
            return reply;
        }
        catch (RpcException ex)
        {
            recorder.Rpc(method, Stopwatch.GetElapsedTime(started), ex.StatusCode);
            if (claimed > 0)
            {
                recorder.ClaimRefused(claimed, ex.StatusCode.ToString());
                ClaimAnswered(operation);
            }
            throw;
        }
    }

    // WickrClient's message classes are internal to ClientLib; the same contract's public classes (compiled by the
    // gateway, which the embedded silo brings along) read the same bytes.
    private const string ClaimKeysMethod = "ClaimKeys";
    private const string SendPacketMethod = "SendPacket";
    private const string SubscribeMethod = "Subscribe";

    // Read through the message's own descriptor (no copy of a 47 KB packet): SendPacketRequest.message_id.
    private static string? MessageIdOf(object? request) =>
        request is IMessage message && message.Descriptor.FindFieldByName("message_id") is { } field ? field.Accessor.GetValue(message) as string : null;

    /// <summary>The message id of a ServerEvent that carries an InboundPacket, else null.</summary>
    internal static string? ArrivedMessageIdOf(object? serverEvent) =>
        serverEvent is IMessage message && message.Descriptor.FindFieldByName("packet") is { } field && field.Accessor.GetValue(message) is IMessage packet
            ? MessageIdOf(packet)
            : null;

    private static T Reparse<T>(object? message, MessageParser<T> parser)
        where T : IMessage<T> => parser.ParseFrom(((IMessage)message!).ToByteArray());

    private void Inspect<TResponse>(TResponse reply, string method, OperationContext? operation, int claimed)
    {
        object? wire = method switch
        {
            ClaimKeysMethod => Reparse(reply, ClaimKeysResponse.Parser),
            "UploadKeys" => Reparse(reply, UploadKeysResponse.Parser),
            "GetPoolStatus" => Reparse(reply, GetPoolStatusResponse.Parser),
            _ => null,
        };
        switch (wire)
        {
            case ClaimKeysResponse claims:
                foreach (var key in claims.Keys)
                {
                    if (key.Key is null)
                    {
                        recorder.ClaimRefused(1, ((StatusCode)key.ErrorCode).ToString());
                    }
                    else if (key.LastResort)
                    {
                        recorder.LastResortKey();
                    }
                    else
                    {
                        var node = Convert.ToHexStringLower(key.NodeIdentifier.Span);
                        recorder.OneTimeKey(node);
                        recorder.Ledger?.KeyClaimed(node, key.Key.KeyId);
                    }
                }
                if (claims.Keys.Count < claimed)
                {
                    recorder.ClaimRefused(claimed - claims.Keys.Count, "no answer for the node");
                }
                ClaimAnswered(operation);
                break;
            case UploadKeysResponse upload when upload.Status is not null:
                recorder.Pools.Set(ownNodeHex, upload.Status.Count);
                break;
            case GetPoolStatusResponse status when status.Status is not null:
                recorder.Pools.Set(ownNodeHex, status.Status.Count);
                break;
            default:
                break;
        }
    }

    private void ClaimAnswered(OperationContext? operation)
    {
        if (operation is not null && operation.FirstClaim())
        {
            recorder.ClaimAnswered(operation);
        }
    }
}
