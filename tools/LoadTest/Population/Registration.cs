using Grpc.Core;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Enrollment;

namespace Wickr.Cluster.LoadTest.Population;

/// <summary>
/// Registers a fresh user the way the client library does. The one place a cluster's registration token (Invite
/// policy) goes into RegisterUser: the contract of this build has no field for one yet, so a token is refused at the
/// command line (<see cref="CarriesToken"/>) rather than silently dropped.
/// </summary>
internal static class Registration
{
    /// <summary>True once RegisterUser carries a registration token; until then --registration-token is refused.</summary>
    public const bool CarriesToken = false;

    public static async Task<EnrolledUser> EnrollUserAsync(
        ChannelBase channel, string userName, string? registrationToken, WickrClientOptions options, CancellationToken cancellationToken)
    {
        if (registrationToken is not null)
        {
            throw new InvalidOperationException("RegisterUser in this build carries no registration token");
        }
        return await WickrAccounts.EnrollUserAsync(channel, userName, options, cancellationToken);
    }
}
