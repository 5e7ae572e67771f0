namespace TinCanChat.Server.Store.Shared;

/// <summary>One numbered line of a room, as its sequencer numbered it.</summary>
/// <param name="Epoch">The numbering it belongs to (a new one starts when the shared state was lost).</param>
/// <param name="Kind">c chat line, n notice, j a member entered, l a member left.</param>
/// <param name="Token">The member the line is about (j, l, n); empty for chat lines.</param>
/// <param name="Id">A chat line's id in its room (SPEC §11); 0 for the others.</param>
/// <param name="SaidAtMs">When a chat line was said (Unix ms); 0 for the others.</param>
/// <param name="Text">The line to show; empty when nothing is shown (above the announce limit).</param>
internal sealed record RoomEvent(string Epoch, long Seq, char Kind, string Token, long Id, long SaidAtMs, string Text)
{
    public const char Chat = 'c';
    public const char Notice = 'n';
    public const char Entered = 'j';
    public const char Left = 'l';
}

/// <summary>A chat line a room keeps: its id, when it was said (Unix ms), its text.</summary>
internal sealed record KeptLine(long Id, long SaidAtMs, string Text);

/// <summary>A private line to a member of this server, with its id and time; or, with <paramref name="Order"/>, an order to it from another server.</summary>
internal sealed record PrivateLine(string Token, long Id, long SaidAtMs, string Text, Chat.Identity.MemberOrder? Order = null);
