using TinCanChat.Common.Protocol;
using TinCanChat.Server.Chat;
using TinCanChat.Server.Chat.History;
using TinCanChat.Server.Chat.Identity;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;

namespace TinCanChat.Server.Store.Shared;

/// <summary>Names across every server: nicknames, who is in a room, private lines.</summary>
internal sealed partial class SharedChatStore
{
    public bool Rename(ChatMember member, string name, string notice, WakeBatch batch, bool takeOver = false)
    {
        member.AssertLocked();
        var nick = Names.Fold(name);
        var sameName = member.HasNickname && Names.Fold(member.Name) == nick;
        if (!sameName && !_shared.Claim(nick, member.Token, takeOver))
        {
            return false;
        }

        try
        {
            _shared.Rename(member.Token, name, nick, notice);
        }
        catch (StoreUnavailableException) when (!sameName)
        {
            ReleaseQuietly(nick, member.Token);
            throw;
        }

        member.Name = name;
        member.HasNickname = true;
        return true;
    }

    public bool Claim(ChatMember member, string name, bool takeOver = false)
    {
        member.AssertLocked();
        if (member.Token.Length == 0)
        {
            member.Token = _shared.NewToken();
        }

        if (!_shared.Claim(Names.Fold(name), member.Token, takeOver))
        {
            return false;
        }

        member.Name = name;
        member.HasNickname = true;
        return true;
    }

    public void Unname(ChatMember member, string notice, WakeBatch batch)
    {
        member.AssertLocked();
        _shared.Rename(member.Token, member.GuestName, "", notice);
        member.Name = member.GuestName;
        member.HasNickname = false;
    }

    public void Notice(ChatMember member, Room room, string notice, WakeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(room);
        _shared.Notice(member.Token, room.StoreKey, notice);
    }

    public bool Order(string name, string? room, MemberOrder order)
    {
        if (_shared.Find(Names.Fold(name), room is null ? null : Names.Fold(room), Names.Fold(name)) is not { } token)
        {
            return false;
        }

        if (_byToken.TryGetValue(token, out var member))
        {
            member.RequestOrder(order);
        }
        else
        {
            _shared.SendOrder(token, order);
        }

        return true;
    }

    public IReadOnlyList<string> Who(Room room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return _shared.Who(room.StoreKey);
    }

    public IReadOnlyList<(string Name, int Members)> Rooms() => _shared.Rooms();

    public (LoggedLine Line, bool ToSelf)? Whisper(ChatMember from, string name, string line, WakeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(batch);
        while (true)
        {
            if (_shared.Whisper(Names.Fold(name), line) is not { } found)
            {
                return null;
            }

            var sent = new LoggedLine(found.Id, found.SaidAtMs, FrameEncoder.Encode(NoticeSlots.Fill(line, found.Name, 0)));
            switch (found.Status)
            {
                case WhisperStatus.Here when _byToken.TryGetValue(found.Token, out var target):
                    target.Room?.SendTo(target.Session, sent.FrameFor(target.Session, LoggedLine.PrivateRoom), from.Session, batch);
                    break;
                case WhisperStatus.Here:
                    // Its client left this server meanwhile.
                    return null;
                case WhisperStatus.Held:
                    // Its reader on another server is behind: held back, as by a room.
                    if (from.Session.IsClosing)
                    {
                        return null;
                    }

                    batch.Complete();
                    Thread.Sleep(HeldElsewhereRecheck);
                    continue;
            }

            return (sent, found.Token == from.Token);
        }
    }

    private void ReleaseQuietly(string nick, string token)
    {
        try
        {
            _shared.Release(nick, token);
        }
        catch (StoreUnavailableException)
        {
            // It expires by itself, unrenewed.
        }
    }
}
