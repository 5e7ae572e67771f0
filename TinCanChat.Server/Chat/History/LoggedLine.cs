using System.Globalization;
using System.Text;
using TinCanChat.Server.Sessions;

namespace TinCanChat.Server.Chat.History;

/// <summary>One chat line of a room as kept: its id (increasing within the room), when it was said (Unix ms), and its frame.</summary>
internal sealed record LoggedLine(long Id, long SaidAtMs, byte[] Frame)
{
    /// <summary>The room private lines name in their ids.</summary>
    public const string PrivateRoom = "~";

    /// <summary>The frame as <paramref name="session"/> gets it: with its id in front if it asked for ids (<c>/cap ids</c>).</summary>
    public byte[] FrameFor(IClientSession session, string room)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.WantsIds ? WithId(room) : Frame;
    }

    /// <summary>The frame with <c>@ROOM:ID:TIME </c> in front, for clients that asked for ids (<c>~</c> as the room of a private message).</summary>
    public byte[] WithId(string room)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"@{room}:{Id}:{SaidAtMs} "));
        return [.. prefix, .. Frame];
    }
}
