namespace TinCanChat.Server.Chat.History;

/// <summary>One chat line of a room as kept: its id (increasing within the room), when it was said (Unix ms), and its frame.</summary>
internal sealed record LoggedLine(long Id, long SaidAtMs, byte[] Frame);
