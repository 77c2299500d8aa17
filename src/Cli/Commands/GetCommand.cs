using System.CommandLine;
using Wickr.Cluster.ClientLib;
using Wickr.Cluster.ClientLib.Storage;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Files;

namespace Wickr.Cluster.Cli.Commands;

/// <summary>
/// <c>wickr get &lt;id&gt; [--out PATH] [--force]</c>: downloads the file of a received file message and decrypts it;
/// the plaintext appears at the path only after its tag and digest verified.
/// </summary>
internal static class GetCommand
{
    public static Command Create(StoredDeviceOptions deviceOptions)
    {
        var id = new Argument<long>("id") { Description = "The file message's id as `inbox` lists it" };
        var output = new Option<string?>("--out", "-o") { Description = "Where to write the file (default: the sender's file name, without any directory, in the current folder)" };
        var force = new Option<bool>("--force") { Description = "Replace the output file if it exists" };
        var command = new Command("get", "Download and decrypt the file of a received file message (exit 10 if it is not one or does not verify, 11 if the output exists)") { id, output, force };
        CommandRunner.BindSession(command, deviceOptions, async (session, parse, cancellationToken) =>
        {
            var sequence = parse.GetValue(id);
            var message = session.Device.Store.Read(sequence)
                ?? throw new CliException(ExitCodes.NotFound, $"no message {sequence} (never received, expired or burned)");
            if (message.ContentType != FileDescriptor.ContentType)
            {
                throw new CliException(ExitCodes.FileRejected, $"message {sequence} is not a file message (see it with `wickr read {sequence}`)");
            }
            FileDescriptor file;
            try
            {
                file = FileDescriptor.Decode(message.Body);
            }
            catch (WickrException ex)
            {
                throw new CliException(ExitCodes.FileRejected, $"message {sequence} is a malformed file message: {ex.Message}");
            }
            using (file)
            {
                var path = Path.GetFullPath(parse.GetValue(output) ?? file.Name);
                if (!parse.GetValue(force) && (File.Exists(path) || Directory.Exists(path)))
                {
                    throw new CliException(ExitCodes.FileExists, $"{path} exists already; pass --force to replace it (nothing was downloaded)");
                }
                // The server deletes a file once every recipient device fetched it: a later get copies this device's
                // earlier download, verified against the digest the sender signed, or says why it cannot.
                var earlier = EarlierDownload.Find(session.Device.Store, sequence);
                string? copiedFrom = null;
                FileSeal seal;
                if (earlier is not null)
                {
                    seal = EarlierDownload.CopyVerified(earlier, file, path, sequence);
                    copiedFrom = earlier;
                }
                else
                {
                    try
                    {
                        seal = await Transfer.RunAsync(progress => session.Device.Client.DownloadFileAsync(file, path, progress, cancellationToken));
                    }
                    catch (WickrException ex) when (ex.Error is WickrError.Decrypt)
                    {
                        throw new CliException(ExitCodes.FileRejected, $"the file of message {sequence} did not verify, nothing was written: {ex.Message}");
                    }
                    EarlierDownload.Remember(session.Device.Store, sequence, path);
                }
                if (session.Json)
                {
                    Output.Json(new { id = sequence, name = file.Name, size = seal.Length, path, sha256 = Convert.ToHexStringLower(seal.Digest), copied_from = copiedFrom });
                }
                else
                {
                    var how = copiedFrom is null || copiedFrom == path ? "" : $" (copied from the earlier download {copiedFrom}, verified)";
                    Output.Line($"saved {file.Name} ({Transfer.Size(seal.Length)}) from {session.Device.NameOf(message.SenderRootIdentifierHex)} to {path}{how}");
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
