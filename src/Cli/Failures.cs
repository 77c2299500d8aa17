using Grpc.Core;
using Wickr.Cluster.ClientLib;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Cli;

/// <summary>One table: a failure → the exit code and the line the user reads. Never prints keys or message text.</summary>
internal static class Failures
{
    public static (int Code, string Message) Describe(Exception exception) => exception switch
    {
        CliException cli => (cli.ExitCode, cli.Message),
        _ when TlsFailure(exception) is { } tls => (ExitCodes.Unreachable,
            $"TLS with the server failed ({tls}): an http:// server needs --server http://…; an https:// one whose certificate "
            + "a private CA signed needs --ca <that CA's PEM file>"),
        // An interrupted upload is classified by its cause (server unreachable, refused, Ctrl+C); `send --file` starts again.
        ClientLib.Files.FileUploadInterruptedException { InnerException: { } cause } => Describe(cause),
        WickrException { Error: WickrError.WrongPassphrase } => (ExitCodes.WrongPassphrase, "wrong passphrase: the device store (or recovery bundle) was not opened and nothing was changed"),
        WickrException { Error: WickrError.Chain } e => (ExitCodes.Untrusted, e.Message + " — compare fingerprints with `wickr verify <user>`"),
        WickrException { Error: WickrError.InvalidState } e => (ExitCodes.DeviceState, e.Message),
        WickrException { Error: WickrError.InvalidArgument } e => (ExitCodes.Usage, e.Message),
        WickrException e => (ExitCodes.Failure, $"{e.Error}: {e.Message}"),
        WickrClientException e => e.StatusCode switch
        {
            StatusCode.Unavailable or StatusCode.DeadlineExceeded => (ExitCodes.Unreachable, $"the server is unreachable ({e.Detail})"),
            StatusCode.NotFound => (ExitCodes.NotFound, e.Detail),
            _ => (ExitCodes.Refused, $"the server refused: {e.StatusCode} {e.Detail}"),
        },
        RpcException e when e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded => (ExitCodes.Unreachable, $"the server is unreachable ({e.Status.Detail})"),
        HttpRequestException e => (ExitCodes.Unreachable, $"the server is unreachable ({e.Message})"),
        OperationCanceledException => (ExitCodes.Interrupted, "interrupted"),
        _ => (ExitCodes.Failure, $"{exception.GetType().Name}: {exception.Message}"),
    };

    /// <summary>Whether <paramref name="exception"/> means the server could not be reached (not a TLS misconfiguration, not a refusal).</summary>
    public static bool IsUnreachable(Exception exception) => TlsFailure(exception) is null && Describe(exception).Code == ExitCodes.Unreachable;

    /// <summary>Why the TLS handshake failed, when that is what <paramref name="exception"/> (or its causes) says; else null.</summary>
    private static string? TlsFailure(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is System.Security.Authentication.AuthenticationException authentication)
            {
                return authentication.Message.TrimEnd('.');
            }
            var detail = current is RpcException rpc ? rpc.Status.Detail : current is WickrClientException client ? client.Detail : current.Message;
            if (detail.Contains("SSL connection could not be established", StringComparison.Ordinal))
            {
                return "the SSL connection could not be established";
            }
        }
        return null;
    }
}
