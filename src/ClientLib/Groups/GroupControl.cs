using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Encoding;

namespace Wickr.Cluster.ClientLib.Groups;

/// <summary>
/// A membership control message: the change, the user it concerns, and the group's whole state after it. It travels as
/// the body of an ordinary packet under content type <see cref="ContentType"/> with the group id as channel tag, so the
/// packet's bytes are the reference's and the server sees one more opaque message. Body:
/// <c>{ 1 change; 2 subject_root; 3 state { 1 id; 2 name; 3 kind; 4 version; 5 member { 1 root; 2 name }*;
/// 6 moderator_root*; 7 settings { 1 ttl; 2 bor; 3 members_may_add } }; 4 sent_at_unix_ms }</c>.
/// </summary>
/// <param name="Change">What changed.</param>
/// <param name="SubjectRootIdentifierHex">The user added, removed or leaving; the maker for Create and Settings.</param>
/// <param name="State">The group after the change.</param>
/// <param name="SentAt">When the change was made (as its maker's clock says).</param>
public sealed record GroupControl(GroupChange Change, string SubjectRootIdentifierHex, GroupState State, DateTimeOffset SentAt)
{
    /// <summary>The content type of a group control body ("GC").</summary>
    public const ushort ContentType = 0x4743;

    /// <summary>The body.</summary>
    public byte[] Encode()
    {
        var state = EncodeState(State);
        return new ProtoWriter(state.Length + 64)
            .WriteUInt64(1, (ulong)Change)
            .WriteBytes(2, Convert.FromHexString(SubjectRootIdentifierHex))
            .WriteBytes(3, state)
            .WriteUInt64(4, (ulong)SentAt.ToUnixTimeMilliseconds())
            .ToArray();
    }

    /// <summary>Reads a control body; Parse when it is malformed or its state is not well formed.</summary>
    public static GroupControl Decode(ReadOnlySpan<byte> body)
    {
        ulong change = 0, sent = 0;
        string subject = string.Empty;
        GroupState? state = null;
        var reader = new ProtoReader(body);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: change = reader.ReadUInt64(); break;
                case 2: subject = Convert.ToHexStringLower(reader.ReadBytes()); break;
                case 3: state = DecodeState(reader.ReadBytes()); break;
                case 4: sent = reader.ReadUInt64(); break;
                default: reader.Skip(); break;
            }
        }
        if (state is null || !Enum.IsDefined((GroupChange)change) || subject.Length != 64 || sent > (ulong)DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            throw new WickrException(WickrError.Parse, "a group control message lacks its change, subject, state or time");
        }
        return new GroupControl((GroupChange)change, subject, state, DateTimeOffset.FromUnixTimeMilliseconds((long)sent));
    }

    /// <summary>The state as a control body and a device store keep it.</summary>
    public static byte[] EncodeState(GroupState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var writer = new ProtoWriter(256 + (state.Members.Count * 96))
            .WriteBytes(1, Convert.FromHexString(state.IdHex))
            .WriteBytes(2, System.Text.Encoding.UTF8.GetBytes(state.Name))
            .WriteUInt64(3, (ulong)state.Kind)
            .WriteUInt64(4, state.Version);
        foreach (var member in state.Members)
        {
            var entry = new ProtoWriter(96).WriteBytes(1, Convert.FromHexString(member.RootIdentifierHex)).WriteBytes(2, System.Text.Encoding.UTF8.GetBytes(member.Name));
            writer.WriteBytes(5, entry.WrittenSpan);
        }
        foreach (var moderator in state.Moderators)
        {
            writer.WriteBytes(6, Convert.FromHexString(moderator));
        }
        var settings = new ProtoWriter(32).WriteUInt64(1, state.Settings.TimeToLive).WriteUInt64(2, state.Settings.BurnOnRead).WriteBool(3, state.Settings.MembersMayAdd);
        return writer.WriteBytes(7, settings.WrittenSpan).ToArray();
    }

    /// <summary>Reads a state; Parse when it is malformed or not well formed (<see cref="GroupState.Validate"/>).</summary>
    public static GroupState DecodeState(ReadOnlySpan<byte> encoded)
    {
        string id = string.Empty, name = string.Empty;
        ulong kind = ulong.MaxValue, version = 0;
        var members = new List<GroupMember>();
        var moderators = new List<string>();
        var settings = GroupSettings.Default;
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: id = Convert.ToHexStringLower(reader.ReadBytes()); break;
                case 2: name = Utf8(reader.ReadBytes()); break;
                case 3: kind = reader.ReadUInt64(); break;
                case 4: version = reader.ReadUInt64(); break;
                case 5: members.Add(DecodeMember(reader.ReadBytes())); break;
                case 6: moderators.Add(Convert.ToHexStringLower(reader.ReadBytes())); break;
                case 7: settings = DecodeSettings(reader.ReadBytes()); break;
                default: reader.Skip(); break;
            }
        }
        if (kind > (ulong)GroupKind.Room)
        {
            throw new WickrException(WickrError.Parse, "unknown group kind");
        }
        var state = new GroupState(id, name, (GroupKind)kind, version,
            [.. members.OrderBy(m => m.RootIdentifierHex, StringComparer.Ordinal)], [.. moderators.Order(StringComparer.Ordinal)], settings);
        state.Validate();
        return state;
    }

    private static GroupMember DecodeMember(ReadOnlySpan<byte> encoded)
    {
        string root = string.Empty, name = string.Empty;
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: root = Convert.ToHexStringLower(reader.ReadBytes()); break;
                case 2: name = Utf8(reader.ReadBytes()); break;
                default: reader.Skip(); break;
            }
        }
        return new GroupMember(root, name);
    }

    private static GroupSettings DecodeSettings(ReadOnlySpan<byte> encoded)
    {
        ulong ttl = 0, bor = 0, mayAdd = 0;
        var reader = new ProtoReader(encoded);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: ttl = reader.ReadUInt64(); break;
                case 2: bor = reader.ReadUInt64(); break;
                case 3: mayAdd = reader.ReadUInt64(); break;
                default: reader.Skip(); break;
            }
        }
        return new GroupSettings(ttl, bor, mayAdd != 0);
    }

    private static string Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new System.Text.UTF8Encoding(false, true).GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException ex)
        {
            throw new WickrException(WickrError.Parse, "a group name is not UTF-8", ex);
        }
    }
}
