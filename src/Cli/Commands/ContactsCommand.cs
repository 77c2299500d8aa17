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
            var rows = contacts.Select(c => (Contact: c, Fingerprint: session.Device.FingerprintOf(c))).Select(c => new
            {
                user = c.Contact.Name.Length > 0 ? c.Contact.Name : null,
                root = c.Contact.RootIdentifierHex,
                fingerprint = c.Fingerprint is { } f ? FingerprintText.Full(f) : null,
                fingerprint_short = c.Fingerprint is { } s ? FingerprintText.Short(s) : null,
                verified = c.Contact.Verified,
            }).ToList();
            if (session.Json)
            {
                Output.Json(rows);
            }
            else
            {
                Output.Table(["user", "root", FingerprintText.ShortHeader, "verified"], rows.Select(r => new[] { r.user ?? "?", r.root[..16], r.fingerprint_short ?? "(not pinned yet)", r.verified ? "yes" : "no" }));
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
