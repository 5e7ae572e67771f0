using TinCanChat.Server.Chat.Commands;
using TinCanChat.Server.Flow;
using TinCanChat.Server.Sessions;
using TinCanChat.Server.Store;

namespace TinCanChat.Server.Chat;

/// <summary>The dispatch: what each received line asks for, checked here, done by the commands and the store.</summary>
internal sealed partial class ChatRouter
{
    public void OnMessage(IClientSession session, string text, WakeBatch batch)
    {
        if (!_members.TryGetValue(session, out var member))
        {
            return;
        }

        var command = CommandParser.Parse(text);
        var said = command switch
        {
            ChatCommand.Say say => ServerNotices.Said(member.Name, say.Text),
            ChatCommand.Me me => $"* {member.Name} {me.Action}",
            _ => null,
        };
        if (said is { } line)
        {
            if (TooLongToRelay(line))
            {
                Flush(member, batch);
                RefuseTooLong(member, batch);
                return;
            }

            Say(member, line, batch);
            return;
        }

        // A command comes after the lines before it.
        Flush(member, batch);
        switch (command)
        {
            case ChatCommand.Nick nick when !MayTake(member, Names.Normal(nick.Name), "your nickname was not changed", batch):
                break;
            case ChatCommand.Nick nick:
                Locked(member, () =>
                {
                    var name = Names.Normal(nick.Name);
                    if (member.Name != name)
                    {
                        Rename(member, name, batch);
                    }
                });
                break;
            case ChatCommand.Who:
                Who(member, batch);
                break;
            case ChatCommand.Msg msg when TooLongToRelay(ServerNotices.Private(member.Name, msg.Name, msg.Text)):
                Reply(member, ServerNotices.Error($"your message was not sent: with the names in front it exceeds {maxLineBytes} bytes"), batch);
                break;
            case ChatCommand.Msg msg:
                Private(member, Names.Normal(msg.Name), msg.Text, batch);
                break;
            case ChatCommand.Join join when Names.Problem(Names.Room(join.Room)) is { } problem:
                Reply(member, ServerNotices.Error($"room {problem}"), batch);
                break;
            case ChatCommand.Join join when member.RoomNamed(Names.Room(join.Room)) is { } already:
                Reply(member, ServerNotices.AlreadyIn(already.Name), batch);
                break;
            case ChatCommand.Join join:
                Enter(member, Names.Room(join.Room), join.Key, null, batch);
                break;
            case ChatCommand.Rooms:
                ListRooms(member, batch);
                break;
            case ChatCommand.Part part:
                Part(member, part.Room, batch);
                break;
            case ChatCommand.Focus focus:
                Focus(member, focus.Room, batch);
                break;
            case ChatCommand.SayIn sayIn:
                SayIn(member, sayIn.Room, sayIn.Text, batch);
                break;
            case ChatCommand.History history:
                Locked(member, () => Answered(member, batch, "so the history cannot be shown", () => ShowHistory(member, history.Count, batch)));
                break;
            case ChatCommand.Cap { Name: "ids" }:
                Locked(member, () =>
                {
                    // In the room's lock, with its deliveries: every line up to the id answered went without one, every later one goes with it.
                    var at = member.Room?.StartIds(session);
                    session.WantsIds = true;
                    Reply(member, ServerNotices.IdsOn(at), batch);
                });
                break;
            case ChatCommand.Cap { Name: "rooms" }:
                CapRooms(member, batch);
                break;
            case ChatCommand.Cap cap:
                Reply(member, ServerNotices.Error($"unknown capability {cap.Name} — try /cap ids or /cap rooms"), batch);
                break;
            case ChatCommand.Resume resume when Names.Problem(Names.Room(resume.Room)) is { } problem:
                Reply(member, ServerNotices.Error($"room {problem}"), batch);
                break;
            case ChatCommand.Resume resume when member.Room is not null && member.RoomNamed(Names.Room(resume.Room)) is null:
                Enter(member, Names.Room(resume.Room), null, resume.AfterId, batch);
                break;
            case ChatCommand.Resume resume:
                Locked(member, () =>
                {
                    if (member.RoomNamed(Names.Room(resume.Room)) is { } room)
                    {
                        Answered(member, batch, "so what you missed cannot be shown", () => Resume(member, room, resume.AfterId, batch));
                    }
                });
                break;
            case ChatCommand.Register register:
                Register(member, register.Password, batch);
                break;
            case ChatCommand.Login login:
                Login(member, login.Name, login.Password, batch);
                break;
            case ChatCommand.Logout:
                Logout(member, batch);
                break;
            case ChatCommand.ChangePassword change:
                ChangePassword(member, change.Old, change.New, batch);
                break;
            case ChatCommand.Unregister unregister:
                Unregister(member, unregister.Password, batch);
                break;
            case ChatCommand.RoomSettings settings when member.Room is { } room:
                Answered(member, batch, "so nothing was changed", () => RoomSettings(member, room, settings.Action, settings.Value, batch));
                break;
            case ChatCommand.Topic topic when member.Room is { } room:
                Answered(member, batch, "so nothing was changed", () => Topic(member, room, topic.Text, batch));
                break;
            case ChatCommand.Moderate moderate when member.Room is { } room:
                Answered(member, batch, "so nothing was done", () => Moderate(member, room, moderate.What, moderate.Name, moderate.Reason, batch));
                break;
            case ChatCommand.Help:
                CommandParser.HelpLines.ToList().ForEach(line => Reply(member, line, batch));
                break;
            case ChatCommand.Quit quit:
                session.Close(quit.Reason is null ? CloseReason.PeerClosed : CloseReason.Quit(Shortened(quit.Reason)));
                break;
            case ChatCommand.Misused misused:
                Reply(member, ServerNotices.Error($"usage: {misused.Usage}"), batch);
                break;
            case ChatCommand.Unknown unknown:
                Reply(member, ServerNotices.Error($"unknown command /{unknown.Name} — try /help"), batch);
                break;
        }
    }
}
