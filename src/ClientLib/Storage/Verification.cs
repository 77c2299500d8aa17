using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>What <c>verify</c> shows: both users' fingerprints, the combined one to compare aloud, and the pin.</summary>
/// <param name="UserName">The other user.</param>
/// <param name="Mine">This user's root fingerprint.</param>
/// <param name="Theirs">The other user's root fingerprint as the server presents it now.</param>
/// <param name="Bilateral">The fingerprint both sides compute alike.</param>
/// <param name="Pin">How the presented root compares with the pin held before.</param>
/// <param name="Verified">True once the user confirmed the fingerprints match (the contact is marked verified).</param>
public sealed record Verification(string UserName, Fingerprint Mine, Fingerprint Theirs, Fingerprint Bilateral, PinStatus Pin, bool Verified);
