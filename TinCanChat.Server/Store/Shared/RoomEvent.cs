namespace TinCanChat.Server.Store.Shared;

/// <summary>One numbered line of a room, as its sequencer numbered it.</summary>
/// <param name="Epoch">The numbering it belongs to (a new one starts when the shared state was lost).</param>
/// <param name="Kind">c chat line, n notice, j a member entered, l a member left.</param>
/// <param name="Token">The member the line is about (j, l, n); empty for chat lines.</param>
/// <param name="Text">The line to show; empty when nothing is shown (above the announce limit).</param>
internal sealed record RoomEvent(string Epoch, long Seq, char Kind, string Token, string Text)
{
    public const char Chat = 'c';
    public const char Notice = 'n';
    public const char Entered = 'j';
    public const char Left = 'l';
}
