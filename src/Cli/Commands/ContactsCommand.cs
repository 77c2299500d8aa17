using System.CommandLine;
using Wickr.Cluster.ClientLib.Storage;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.Cli.Commands;

/// <summary><c>wickr contacts</c>: the users this device pinned.</summary>
internal static class ContactsCommand
{
    public static Command Create(StoredDeviceOptions deviceOptions)
    {
        var command = new Command("contacts", "List contacts: pinned root keys, fingerprints, verified or not");
        CommandRunner.BindSession(command, deviceOptions, (session, _, _) =>
        {
            var contacts = session.Device.Contacts();
            var rows = contacts.Select(c => new
            {
                name = c.Name.Length > 0 ? c.Name : null,
                root = c.RootIdentifierHex,
                fingerprint = session.Device.FingerprintOf(c)?.ToBase32(FingerprintLength.Short),
                verified = c.Verified,
            }).ToList();
            if (session.Json)
            {
                Output.Json(rows);
            }
            else
            {
                Output.Table(["user", "root", "fingerprint", "verified"], rows.Select(r => new[] { r.name ?? "?", r.root[..16], r.fingerprint ?? "(not pinned yet)", r.verified ? "yes" : "no" }));
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
