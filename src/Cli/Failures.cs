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
}
