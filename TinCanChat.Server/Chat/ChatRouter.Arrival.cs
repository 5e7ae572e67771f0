using TinCanChat.Server.Chat.Commands;
using TinCanChat.Server.Chat.Rooms;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Sessions;
using TinCanChat.Server.Store;

namespace TinCanChat.Server.Chat;

/// <summary>
/// A client's arrival in <c>#lobby</c>: under its guest name, or, when its first line (sent at
/// once) was <c>/nick NAME</c> or <c>/login NAME PASSWORD</c>, under that name: one join notice,
/// never its address (SPEC §10).
/// </summary>
internal sealed partial class ChatRouter
{
    public bool Introduces(string line) => CommandParser.Parse(line) is ChatCommand.Nick or ChatCommand.Login;

    public bool MayPrecedeIntroduction(string line) => CommandParser.Parse(line) is ChatCommand.Cap;

    public bool OnJoined(IClientSession session, WakeBatch batch, string? introduction = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        var member = new ChatMember(session, (guests ?? GuestNames.Addresses).Of(session.Label), FinishPending);
        _members[session] = member;
        if (introduction is not null)
        {
            Introduce(member, CommandParser.Parse(introduction), batch);
        }

        CloseReason? refused = null;
        Locked(member, () =>
        {
            try
            {
                store.Arrive(member, RoomDirectory.Lobby, ArrivalNotice, batch);
            }
            catch (StoreUnavailableException)
            {
                refused = CloseReason.NetworkUnreachable;
            }
            catch (RoomUnavailableException)
            {
                refused = CloseReason.OutOfThreads;
            }
        });
        if (member.Room is null)
        {
            _members.TryRemove(session, out _);
            if (refused is { } reason)
            {
                session.Close(reason);
            }

            return false;
        }

        return true;
    }

    // The name it asked for, before it is in any room: refused, it arrives as a guest and is told why.
    private void Introduce(ChatMember member, ChatCommand command, WakeBatch batch)
    {
        Answered(member, batch, "so you arrive under your guest name", () =>
        {
            switch (command)
            {
                case ChatCommand.Nick nick when !MayTake(member, Names.Normal(nick.Name), "so you arrive under your guest name", batch):
                    break;
                case ChatCommand.Nick nick:
                    var name = Names.Normal(nick.Name);
                    var claimed = false;
                    Locked(member, () => claimed = store.Claim(member, name));
                    if (!claimed)
                    {
                        Reply(member, ServerNotices.Error($"the nickname {name} is taken"), batch);
                    }

                    break;
                case ChatCommand.Login login:
                    Login(member, login.Name, login.Password, batch);
                    break;
            }
        });
    }
}
