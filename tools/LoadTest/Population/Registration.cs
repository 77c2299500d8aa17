using Grpc.Core;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol.Enrollment;

namespace Wickr.Cluster.LoadTest.Population;

/// <summary>
/// Registers a fresh user the way the client library does, with the cluster's registration token when it runs the
/// Invite policy (a run registers N + M users, so give a multi-use token). The token is never logged.
/// </summary>
internal static class Registration
{
    public static async Task<EnrolledUser> EnrollUserAsync(
        ChannelBase channel, string userName, string? registrationToken, WickrClientOptions options, CancellationToken cancellationToken)
    {
        var registering = registrationToken is null ? options : new WickrClientOptions
        {
            Suite = options.Suite,
            TimeProvider = options.TimeProvider,
            RegistrationToken = registrationToken,
        };
        return await WickrAccounts.EnrollUserAsync(channel, userName, registering, cancellationToken);
    }

    /// <summary>Null when <paramref name="text"/> reads as a registration token, else why not.</summary>
    public static string? Problem(string text)
    {
        try
        {
            var encoded = RegistrationToken.FromText(text);
            return encoded.Length is > 0 and <= RegistrationToken.MaxEncodedSize ? null : "is not a registration token (wrong size)";
        }
        catch (Protocol.WickrException)
        {
            return "is not a registration token (base64url text, as wickr-admin issue-token prints it)";
        }
    }
}
