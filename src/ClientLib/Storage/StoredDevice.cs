using System.Security.Cryptography;
using Grpc.Core;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;
using Wickr.Cluster.Protocol.Enrollment;
using Wickr.Cluster.Protocol.EphemeralKeys;
using Wickr.Cluster.Protocol.Packets;
using Wickr.Cluster.Protocol.Recovery;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>
/// A device whose whole state lives in a <see cref="DeviceStore"/>: made by <see cref="InitAsync(ChannelBase, string, string, string, bool, StoredDeviceOptions?, CancellationToken)"/> (a new user) or
/// <see cref="RecoverAsync"/> (another device of an existing user, from the recovery blob), reopened by
/// <see cref="Open"/>. Sends go through the store's outbox (kept until every recipient node accepted them, resent
/// under the same id after a crash); received messages, keys and the replay cache are written by the client itself
/// (<see cref="IClientState"/>); pins are saved as contacts and backed up under Krs with the recovery blob.
/// </summary>
public sealed class StoredDevice : IAsyncDisposable
{
    private readonly DeviceRecord _record;
    private readonly StoredDeviceOptions _options;
    private readonly ChannelBase _channel;
    private readonly SecondaryKeyStorage _secondaryKeys;
    private bool _disposed;

    private StoredDevice(ChannelBase channel, DeviceStore store, DeviceRecord record, EphemeralKeyPool? pool, StoredDeviceOptions options)
    {
        _channel = channel;
        _record = record;
        _options = options;
        Store = store;
        Client = new WickrClient(channel, record.Device, options.ClientOptions(store, StoreFolder(store.Path)), pool);
        Groups = new Groups.GroupConversations(Client, record.UserName, options.TimeProvider);
        ImportPins(store.Contacts());
        _secondaryKeys = new SecondaryKeyStorage(store, Client, options.Suite);
        _secondaryKeys.RestoreAndAttach();
    }

    /// <summary>The encrypted store.</summary>
    public DeviceStore Store { get; }

    /// <summary>The connected client (connect it to receive).</summary>
    public WickrClient Client { get; }

    /// <summary>This device's groups and rooms: make, change, leave (the state itself is <see cref="WickrClient.Groups"/>, kept in the store).</summary>
    public Groups.GroupConversations Groups { get; }

    private const string SeenDevicesName = "seen_devices";

    /// <summary>This device's user name.</summary>
    public string UserName => _record.UserName;

    /// <summary>Whether the user keeps Krbk (the server holds no passphrase-sealed copy).</summary>
    public bool Hardened => _record.Hardened;

    /// <summary>This user's root fingerprint.</summary>
    public Fingerprint Fingerprint => Fingerprint.Of(Client.Device.Chain.Root);

    /// <summary>The root identifier of a user name: <see cref="UserNames.RootIdentifier"/> (SHA-256 of the normalised name).</summary>
    public static byte[] RootOf(string userName) => UserNames.RootIdentifier(userName);

    /// <summary>
    /// Enrolls a new user and this first device, makes the store at <paramref name="path"/> and uploads the recovery
    /// blob. Returns the device and Krbk as text (to write down; the only way back in the hardened mode).
    /// </summary>
    public static Task<(StoredDevice Device, string RecoveryKey)> InitAsync(
        ChannelBase channel, string path, string userName, string passphrase, bool hardened, StoredDeviceOptions? options = null, CancellationToken cancellationToken = default)
        => InitAsync(channel, path, userName, passphrase, hardened, registrationToken: null, options, cancellationToken);

    /// <summary>
    /// <see cref="InitAsync(ChannelBase, string, string, string, bool, StoredDeviceOptions?, CancellationToken)"/> on a
    /// server whose registration policy is Invite: <paramref name="registrationToken"/> is the operator's token (text, as
    /// <c>wickr-admin issue-token</c> prints it), sent with the registration and kept nowhere.
    /// </summary>
    public static Task<(StoredDevice Device, string RecoveryKey)> InitAsync(
        ChannelBase channel, string path, string userName, string passphrase, bool hardened, string? registrationToken,
        StoredDeviceOptions? options = null, CancellationToken cancellationToken = default)
        => InitAsync(channel, path, userName, passphrase, hardened ? RecoveryChoice.Hardened : RecoveryChoice.Passphrase, registrationToken, options, cancellationToken);

    /// <summary>
    /// Enrolls a new user and this first device as <see cref="InitAsync(ChannelBase, string, string, string, bool, string?, StoredDeviceOptions?, CancellationToken)"/>
    /// does, hardened or not as the network's <see cref="RecoveryPolicy"/> (asked of the gateway first) and
    /// <paramref name="recovery"/> decide (<see cref="WickrAccounts.ResolveHardened"/>): <see cref="StoredDevice.Hardened"/>
    /// says which. <see cref="RecoveryChoice.Passphrase"/> on a HardenedOnly network is refused (FAILED_PRECONDITION)
    /// before anything is registered.
    /// </summary>
    public static async Task<(StoredDevice Device, string RecoveryKey)> InitAsync(
        ChannelBase channel, string path, string userName, string passphrase, RecoveryChoice recovery, string? registrationToken,
        StoredDeviceOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new StoredDeviceOptions();
        userName = UserNames.Normalise(userName);
        RequireNoStore(path, passphrase);
        PassphraseStrength.Require(passphrase, [userName]);
        // The hardened mode is allowed everywhere; otherwise the network's policy is asked before the name is taken.
        var hardened = recovery == RecoveryChoice.Hardened
            || WickrAccounts.ResolveHardened(await WickrAccounts.GetRecoveryPolicyAsync(channel, cancellationToken), recovery);
        using var user = await WickrAccounts.EnrollUserAsync(channel, userName, options.ClientOptions(null, registrationToken: registrationToken), cancellationToken);
        var backup = hardened ? user.CreateHardenedRecoveryBackup() : user.CreateRecoveryBackup(passphrase, options.RecoveryKdf);
        var accessKey = hardened
            ? RecoveryAccessKey.FromRecoveryKey(user.Root.Identifier, user.RecoveryBundleKey)
            : RecoveryAccessKey.FromPassphrase(options.Suite, user.Root.Identifier, passphrase, options.RecoveryKdf);
        var device = await EnrollAsync(channel, path, userName, user, passphrase, hardened, options, cancellationToken);
        try
        {
            // A new account: this device is its only one, so every device listed later is announced as new.
            device.SaveSeenDevices(new Dictionary<string, long>(StringComparer.Ordinal) { [device.Client.NodeIdentifierHex] = 0 });
            device.KeepRecovery(backup, accessKey);
            await device.BackupAsync(cancellationToken);
            return (device, user.FormatRecoveryKey());
        }
        catch
        {
            await device.DisposeAsync();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(accessKey);
        }
    }

    /// <summary>
    /// Adds this machine as another device of <paramref name="userName"/>: fetches the recovery blob, opens the root
    /// keys with the passphrase (or, in the hardened mode, with <paramref name="recoveryKeyText"/>), enrolls and
    /// registers a new node, makes the store (Klds wrapped under <paramref name="passphrase"/>) and restores the
    /// contacts and pins from the account backup. WrongPassphrase or Decrypt when the secret does not open it.
    /// </summary>
    public static async Task<StoredDevice> RecoverAsync(
        ChannelBase channel, string path, string userName, string passphrase, string? recoveryKeyText, StoredDeviceOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new StoredDeviceOptions();
        userName = UserNames.Normalise(userName);
        RequireNoStore(path, passphrase);
        var rootIdentifier = RootOf(userName);
        using var recoveryKey = recoveryKeyText is null ? null : RecoveryKeyText.Parse(recoveryKeyText);
        // The fetch itself needs the access key: a wrong passphrase or key is refused by the server (PERMISSION_DENIED).
        var accessKey = recoveryKey is null
            ? RecoveryAccessKey.FromPassphrase(options.Suite, rootIdentifier, passphrase, options.RecoveryKdf)
            : RecoveryAccessKey.FromRecoveryKey(rootIdentifier, recoveryKey);
        try
        {
            // The blob extends RecoveryBackup's encoding with the account backup (field 3), so either reader opens it.
            var blob = RecoveryBlob.Decode((await WickrAccounts.FetchRecoveryBundleBytesAsync(channel, rootIdentifier, accessKey, cancellationToken)).Span);
            using var user = recoveryKey is null
                ? EnrolledUser.Restore(options.Suite, rootIdentifier, blob.Backup, passphrase)
                : EnrolledUser.Restore(options.Suite, rootIdentifier, blob.Backup, recoveryKey);
            return await EnrollRecoveredAsync(channel, path, userName, user, passphrase, blob, accessKey, options, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(accessKey);
        }
    }

    private static async Task<StoredDevice> EnrollRecoveredAsync(
        ChannelBase channel, string path, string userName, EnrolledUser user, string passphrase, RecoveryBlob blob, byte[] accessKey,
        StoredDeviceOptions options, CancellationToken cancellationToken)
    {
        var device = await EnrollAsync(channel, path, userName, user, passphrase, blob.Backup.IsHardened, options, cancellationToken);
        try
        {
            device.KeepRecovery(blob.Backup, accessKey);
            if (blob.AccountBackup.Length > 0)
            {
                var contacts = options.Suite.Decrypt(user.RemoteStorageRoot, blob.AccountBackup);
                try
                {
                    var restored = StoreCodec.DecodeContacts(contacts);
                    device.Store.SaveContacts(restored);
                    device.ImportPins(restored);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(contacts);
                }
            }
            return device;
        }
        catch
        {
            await device.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Opens the store at <paramref name="path"/> with <paramref name="passphrase"/> (WrongPassphrase leaves the file
    /// as it was) and makes a client for it, not yet connected.
    /// </summary>
    public static StoredDevice Open(ChannelBase channel, string path, string passphrase, StoredDeviceOptions? options = null)
    {
        options ??= new StoredDeviceOptions();
        var store = DeviceStore.Open(path, passphrase, options.Suite, options.TimeProvider);

        // Plaintext scratch files a killed `get` left behind go now; a store made by an older build becomes 0600.
        PrivateFiles.CleanScratch(StoreFolder(path));
        PrivateFiles.Tighten(path);
        DeviceRecord? record = null;
        EphemeralKeyPool? pool = null;
        try
        {
            record = store.LoadIdentity(options.Suite);
            pool = store.LoadPool(options.Suite, record.Device.NodeKey);
            return new StoredDevice(channel, store, record, pool, options);
        }
        catch
        {
            pool?.Dispose();
            record?.Dispose();
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends a text to every device of <paramref name="userName"/> (and this user's other devices), with a time to
    /// live and burn-on-read in seconds. The message is in the outbox before anything goes out and leaves it only
    /// when no node is left to retry.
    /// </summary>
    public async Task<SendResult> SendTextAsync(string userName, string text, ulong timeToLive, ulong burnOnRead, CancellationToken cancellationToken = default)
    {
        var root = RootOf(userName);
        RememberName(Convert.ToHexStringLower(root), userName);
        var now = _options.TimeProvider.GetUtcNow();
        var entry = new OutboxEntry(MessageId.New().Value, [Convert.ToHexStringLower(root)], timeToLive, burnOnRead, TextBody.ContentType, TextBody.Encode(now, text), now);
        return await SendThroughOutboxAsync(entry, cancellationToken);
    }

    private async Task<SendResult> SendThroughOutboxAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        Store.AddToOutbox(entry);
        try
        {
            return await DeliverAsync(entry, cancellationToken);
        }
        catch (Exception ex) when (ex is WickrException || (ex is WickrClientException client && client.StatusCode is not (StatusCode.Unavailable or StatusCode.DeadlineExceeded)))
        {
            // Refused outright (no such user, a root other than the pinned one): the caller is told now; only a crash
            // or an unreachable server leaves a message for a later resend.
            Store.RemoveFromOutbox(entry.MessageId);
            throw;
        }
    }

    /// <summary>
    /// Sends a text to every device of every member of <paramref name="group"/> (and this user's other devices) as one
    /// send through the outbox, like <see cref="SendTextAsync"/>: the recipients are the members at this moment, the
    /// channel tag is the group id, and a time to live or burn-on-read of 0 takes the group's default.
    /// </summary>
    public async Task<SendResult> SendGroupTextAsync(string group, string text, ulong timeToLive, ulong burnOnRead, CancellationToken cancellationToken = default)
    {
        var record = Client.Groups.Resolve(group);
        var recipients = ClientLib.Groups.GroupConversations.Recipients(record);
        var now = _options.TimeProvider.GetUtcNow();
        var message = ClientLib.Groups.GroupConversations.ForGroup(record, TextBody.ContentType, TextBody.Encode(now, text), timeToLive, burnOnRead);
        var entry = new OutboxEntry(MessageId.New().Value, [.. recipients.Select(Convert.ToHexStringLower)], message.Metadata.TimeToLive, message.Metadata.BurnOnRead,
            TextBody.ContentType, message.Body, now) { ChannelTag = message.Metadata.ChannelTag };
        return await SendThroughOutboxAsync(entry, cancellationToken);
    }

    /// <summary>
    /// Encrypts, uploads and sends the file at <paramref name="path"/> to every device of every member of
    /// <paramref name="group"/> (and this user's other devices), the group id as the message's channel tag.
    /// </summary>
    public Task<Files.FileSendResult> SendGroupFileAsync(string group, string path, IProgress<Files.FileTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var record = Client.Groups.Resolve(group);
        return Client.SendFileAsync(ClientLib.Groups.GroupConversations.Recipients(record), path, progress, cancellationToken, record.Current.ChannelTag);
    }

    /// <summary>
    /// Encrypts, uploads and sends the file at <paramref name="path"/> to every device of <paramref name="userName"/>
    /// (and this user's other devices); the recipient's name and pin are saved like a text's. Unlike a text it does
    /// not go through the outbox: an interrupted upload is started again by the caller.
    /// </summary>
    public async Task<Files.FileSendResult> SendFileAsync(string userName, string path, IProgress<Files.FileTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var root = RootOf(userName);
        RememberName(Convert.ToHexStringLower(root), userName);
        try
        {
            return await Client.SendFileAsync([root], path, progress, cancellationToken);
        }
        finally
        {
            SaveContacts();
        }
    }

    /// <summary>
    /// Sends every message left in the outbox (by a crash or an unreachable server), each under its own id. An entry
    /// that cannot go now (its recipient presents another root than the pinned one, the server refuses it) is reported
    /// and kept, and does not stop the others, nor the receiving that follows; an unreachable server does stop it.
    /// </summary>
    public async Task<IReadOnlyList<OutboxFlush>> FlushOutboxAsync(CancellationToken cancellationToken = default)
    {
        var results = new List<OutboxFlush>();
        foreach (var entry in Store.Outbox())
        {
            try
            {
                results.Add(new OutboxFlush(entry.MessageId, await DeliverAsync(entry, cancellationToken), null));
            }
            catch (WickrException ex)
            {
                results.Add(new OutboxFlush(entry.MessageId, null, ex.Message));
            }
            catch (WickrClientException ex) when (ex.StatusCode is not (StatusCode.Unavailable or StatusCode.DeadlineExceeded))
            {
                results.Add(new OutboxFlush(entry.MessageId, null, $"{ex.StatusCode}: {ex.Detail}"));
            }
        }
        return results;
    }

    /// <summary>
    /// Fetches <paramref name="userName"/>'s root as the server presents it and compares it with the pin; with
    /// <paramref name="confirm"/> (the user compared the fingerprints out of band) the root is pinned and the contact
    /// marked verified, replacing a different pin.
    /// </summary>
    public async Task<Verification> VerifyAsync(string userName, bool confirm, CancellationToken cancellationToken = default)
    {
        var root = RootOf(userName);
        var rootHex = Convert.ToHexStringLower(root);
        var profile = await Client.GetUserProfileAsync(root, refresh: true, cancellationToken);
        var pin = Client.Trust.Check(profile.Root);
        if (confirm)
        {
            Client.Trust.Repin(profile.Root);
        }
        RememberName(rootHex, userName, verified: confirm ? true : null);
        var mine = Fingerprint;
        var theirs = Fingerprint.Of(profile.Root);
        var verified = Store.Contacts().Any(c => c.RootIdentifierHex == rootHex && c.Verified);
        await BackupAsync(cancellationToken);
        return new Verification(userName, mine, theirs, Fingerprint.Bilateral(mine, theirs), pin, verified);
    }

    /// <summary>The contacts (users this device has pinned), this user excluded.</summary>
    public IReadOnlyList<Contact> Contacts()
    {
        SaveContacts();
        return [.. Store.Contacts().Where(c => c.RootIdentifierHex != Client.RootIdentifierHex)];
    }

    /// <summary>The fingerprint of a contact's pinned root, or null before a root was pinned.</summary>
    public Fingerprint? FingerprintOf(Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return contact.PinnedRoot.Length == 0 ? null : Fingerprint.Of(Convert.FromHexString(contact.RootIdentifierHex), _options.Suite.DecodePublicKey(contact.PinnedRoot));
    }

    /// <summary>A display name for a user: the contact's name when known, otherwise the start of its root identifier.</summary>
    public string NameOf(string rootIdentifierHex)
    {
        var contact = Store.Contacts().FirstOrDefault(c => c.RootIdentifierHex == rootIdentifierHex);
        return contact is { Name.Length: > 0 } ? contact.Name : rootIdentifierHex == Client.RootIdentifierHex ? UserName : rootIdentifierHex[..16];
    }

    /// <summary>
    /// Every device of this user, as the server lists them. A device this store has not seen in the list before is
    /// announced: <see cref="DeviceInfo.AddedAt"/> is when this device first saw it and <see cref="DeviceInfo.IsNew"/>
    /// is true in the one listing that first saw it (an account made on this device knows only itself at first; a store
    /// made before, or by recovery, takes its first listing as what it already knew).
    /// </summary>
    public async Task<IReadOnlyList<DeviceInfo>> DevicesAsync(CancellationToken cancellationToken = default)
    {
        var profile = await Client.GetUserProfileAsync(Client.Device.Chain.Root.Identifier, refresh: true, cancellationToken);
        var seen = SeenDevices();
        var baseline = seen is null;
        seen ??= new Dictionary<string, long>(StringComparer.Ordinal);
        var now = _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var devices = new List<DeviceInfo>();
        foreach (var node in profile.Nodes)
        {
            var isNew = false;
            if (!seen.TryGetValue(node.IdentifierHex, out var addedAt))
            {
                addedAt = baseline || node.IdentifierHex == Client.NodeIdentifierHex ? 0 : now;
                seen[node.IdentifierHex] = addedAt;
                isNew = addedAt != 0;
            }

            devices.Add(new DeviceInfo(node.IdentifierHex, Fingerprint.Of(node.Chain.Node), node.IdentifierHex == Client.NodeIdentifierHex)
            {
                AddedAt = addedAt == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(addedAt),
                IsNew = isNew,
            });
        }

        foreach (var gone in seen.Keys.Where(k => devices.All(d => d.NodeIdentifierHex != k)).ToList())
        {
            seen.Remove(gone);
        }

        SaveSeenDevices(seen);
        return devices;
    }

    private Dictionary<string, long>? SeenDevices()
    {
        var bytes = Store.Get(SeenDevicesName);
        if (bytes is null)
        {
            return null;
        }

        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in System.Text.Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var at))
            {
                seen[parts[0]] = at;
            }
        }

        return seen;
    }

    private void SaveSeenDevices(Dictionary<string, long> seen) =>
        Store.Put(SeenDevicesName, System.Text.Encoding.UTF8.GetBytes(string.Concat(
            seen.Select(p => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{p.Key} {p.Value}\n")))));

    /// <summary>Removes another device of this user (signed with Kr); InvalidArgument for this device itself.</summary>
    public async Task RemoveDeviceAsync(string nodeIdentifierHex, CancellationToken cancellationToken = default)
    {
        if (string.Equals(nodeIdentifierHex, Client.NodeIdentifierHex, StringComparison.OrdinalIgnoreCase))
        {
            throw new WickrException(WickrError.InvalidArgument, "this device cannot remove itself; remove it from another device");
        }
        var node = NodeId.Parse(nodeIdentifierHex).ToArray();
        using var user = OwnUser();
        await WickrAccounts.RemoveNodeAsync(_channel, user, node, _options.ClientOptions(null), cancellationToken);
        Client.InvalidateProfile(Client.RootIdentifierHex);
    }

    /// <summary>Uploads the recovery blob with a fresh account backup (contacts and pins under Krs).</summary>
    public async Task BackupAsync(CancellationToken cancellationToken = default)
    {
        SaveContacts();
        var bundle = Store.Get("recovery") ?? throw new WickrException(WickrError.InvalidState, "the device store holds no recovery bundle");
        var sealedKey = Store.Get("recovery_key");
        var accessKey = Store.Get("recovery_access") ?? throw new WickrException(WickrError.InvalidState, "the device store holds no recovery access key");
        var contacts = StoreCodec.EncodeContacts(Store.Contacts());
        var account = _options.Suite.Encrypt(_record.RootKeys.RemoteStorageRoot, contacts);
        var blob = new RecoveryBlob(new RecoveryBackup(bundle, sealedKey), account);
        using var user = OwnUser();
        await Client.StoreRecoveryBundleBytesAsync(user, blob.Encode(), accessKey, cancellationToken);
    }

    private static string StoreFolder(string storePath) =>
        System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(storePath)) ?? Directory.GetCurrentDirectory();

    // This device's user with copies of its keys (Kr signs root requests); the caller disposes it.
    private EnrolledUser OwnUser() =>
        EnrolledUser.FromKeys(_options.Suite, Client.Device.Chain.Root.Identifier, _record.RootKeys.Copy(),
            new CipherKey(_record.RecoveryBundleKey.Cipher, _record.RecoveryBundleKey.Key));

    // What the account backup is uploaded with: the bundle and sealed Krbk as they are, and the access key (so a
    // backup after `verify` needs neither the passphrase nor another scrypt run).
    private void KeepRecovery(RecoveryBackup backup, byte[] accessKey)
    {
        Store.Put("recovery", backup.Bundle);
        if (backup.SealedRecoveryKey is { } sealedKey)
        {
            Store.Put("recovery_key", sealedKey);
        }
        Store.Put("recovery_access", accessKey);
    }

    /// <summary>Writes the pins the client learned into the contacts.</summary>
    public void SaveContacts()
    {
        var contacts = Store.Contacts().ToDictionary(c => c.RootIdentifierHex, StringComparer.Ordinal);
        var changed = false;
        foreach (var (rootHex, pinned) in Client.Trust.Export())
        {
            if (!contacts.TryGetValue(rootHex, out var known))
            {
                contacts[rootHex] = new Contact(rootHex, rootHex == Client.RootIdentifierHex ? UserName : string.Empty, pinned, false);
                changed = true;
            }
            else if (!known.PinnedRoot.AsSpan().SequenceEqual(pinned))
            {
                contacts[rootHex] = known with { PinnedRoot = pinned };
                changed = true;
            }
        }
        if (changed)
        {
            Store.SaveContacts(contacts.Values);
        }
    }

    /// <summary>Saves the pins, disconnects and closes the store; every key is zeroed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            SaveContacts();
        }
        finally
        {
            _secondaryKeys.Dispose();
            await Client.DisposeAsync();
            _record.RootKeys.Dispose();
            _record.RecoveryBundleKey.Dispose();
            Store.Dispose();
        }
    }

    private async Task<SendResult> DeliverAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var message = new PlainMessage(new PacketMetadata(entry.TimeToLive, entry.BurnOnRead, entry.ChannelTag, entry.ContentType), entry.Body);
        await Checkpoint("queued");
        var result = await Client.SendAsync([.. entry.RecipientRootIdentifiersHex.Select(Convert.FromHexString)], message, entry.MessageId, cancellationToken);
        await Checkpoint("sent");
        SaveContacts();
        // Kept while some node may still take it later; a refusal that will not change is reported, not retried.
        if (!result.Deliveries.Any(Retryable))
        {
            Store.RemoveFromOutbox(entry.MessageId);
        }
        return result;
    }

    private Task Checkpoint(string point) => _options.Checkpoint?.Invoke(point) ?? Task.CompletedTask;

    private static bool Retryable(NodeDelivery delivery) => delivery.State switch
    {
        DeliveryState.KeyUnavailable => true,
        DeliveryState.Refused => delivery.Status is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Internal,
        _ => false,
    };

    private void RememberName(string rootHex, string userName, bool? verified = null)
    {
        var contacts = Store.Contacts().ToDictionary(c => c.RootIdentifierHex, StringComparer.Ordinal);
        var pinned = Client.Trust.PinnedRoot(rootHex) ?? (contacts.TryGetValue(rootHex, out var k) ? k.PinnedRoot : []);
        contacts[rootHex] = contacts.TryGetValue(rootHex, out var known)
            ? known with { Name = userName, PinnedRoot = pinned, Verified = verified ?? known.Verified }
            : new Contact(rootHex, userName, pinned, verified ?? false);
        Store.SaveContacts(contacts.Values);
    }

    private static async Task<StoredDevice> EnrollAsync(
        ChannelBase channel, string path, string userName, EnrolledUser user, string passphrase, bool hardened, StoredDeviceOptions options, CancellationToken cancellationToken)
    {
        var systemId = RandomNumberGenerator.GetBytes(32);
        var device = user.EnrollDevice(systemId);
        DeviceStore? store = null;
        DeviceRecord? record = null;
        try
        {
            await WickrAccounts.RegisterNodeAsync(channel, user, device, options.ClientOptions(null), cancellationToken);
            PrivateFiles.CreateFolder(StoreFolder(path));
            store = DeviceStore.Create(path, device.StorageKeys.Local, passphrase, options.Suite, options.StoreKdfLog2N, options.TimeProvider);
            record = new DeviceRecord(userName, systemId, device, user.RootKeys.Copy(), new CipherKey(user.RecoveryBundleKey.Cipher, user.RecoveryBundleKey.Key), hardened);
            store.SaveIdentity(record);
            return new StoredDevice(channel, store, record, new EphemeralKeyPool(options.Suite, device.NodeKey), options);
        }
        catch
        {
            if (record is not null)
            {
                record.Dispose();
            }
            else
            {
                device.Dispose();
            }
            store?.Dispose();
            throw;
        }
    }

    private static void RequireNoStore(string path, string passphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (string.IsNullOrEmpty(passphrase))
        {
            throw new WickrException(WickrError.InvalidArgument, "the passphrase is empty");
        }
        if (File.Exists(path))
        {
            throw new WickrException(WickrError.InvalidState, $"a device store already exists at {path}");
        }
    }

    // A contact remembered by name before any root was seen has no pin yet; importing it would pin nothing.
    private void ImportPins(IEnumerable<Contact> contacts)
    {
        foreach (var contact in contacts.Where(c => c.PinnedRoot.Length > 0))
        {
            Client.Trust.Import(new Dictionary<string, byte[]> { [contact.RootIdentifierHex] = contact.PinnedRoot });
        }
    }
}
