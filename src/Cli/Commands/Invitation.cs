using Grpc.Core;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Enrollment;

namespace Wickr.Cluster.Cli.Commands;

/// <summary>What <c>init</c> says about registration: a token that cannot be one, an invitation refused, a name taken.</summary>
internal static class Invitation
{
    /// <summary>Refuses text that is no registration token before anything is asked or sent.</summary>
    public static void Check(string? token)
    {
        if (token is null)
        {
            return;
        }
        try
        {
            if (RegistrationToken.FromText(token).Length is > 0 and <= RegistrationToken.MaxEncodedSize)
            {
                return;
            }
        }
        catch (WickrException)
        {
            // Not base64url: refused below.
        }
        throw new CliException(ExitCodes.Usage, "--registration-token is not a registration token (the text `wickr-admin issue-token` prints)");
    }

    /// <summary>The refusal of a registration in plain words, or null to report it as any other failure.</summary>
    public static CliException? Explain(WickrClientException ex, string name, string? token) => ex.StatusCode switch
    {
        StatusCode.AlreadyExists => new CliException(ExitCodes.Refused,
            $"the name {name} is taken: choose another one (if it is yours, add this machine with `wickr recover {name}`)"),
        StatusCode.PermissionDenied when token is null => new CliException(ExitCodes.Refused,
            "this server registers new users by invitation: ask its operator for a registration token and pass it with "
            + "--registration-token (or WICKR_REGISTRATION_TOKEN)"),
        StatusCode.PermissionDenied or StatusCode.InvalidArgument when ex.Detail.Contains("registration_token", StringComparison.Ordinal) => new CliException(ExitCodes.Refused,
            "the server refused the registration token: " + ex.Detail.Replace("registration_token: ", "", StringComparison.Ordinal)),
        _ => null,
    };
}
