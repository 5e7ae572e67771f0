namespace TinCanChat.Tests.Client;

/// <summary>Key presses as the console reports them.</summary>
internal static class Keys
{
    public static ConsoleKeyInfo Enter { get; } = new('\r', ConsoleKey.Enter, false, false, false);

    public static ConsoleKeyInfo Backspace { get; } = new('\b', ConsoleKey.Backspace, false, false, false);

    public static ConsoleKeyInfo Delete { get; } = new('\0', ConsoleKey.Delete, false, false, false);

    public static ConsoleKeyInfo Left { get; } = new('\0', ConsoleKey.LeftArrow, false, false, false);

    public static ConsoleKeyInfo Right { get; } = new('\0', ConsoleKey.RightArrow, false, false, false);

    public static ConsoleKeyInfo Home { get; } = new('\0', ConsoleKey.Home, false, false, false);

    public static ConsoleKeyInfo End { get; } = new('\0', ConsoleKey.End, false, false, false);

    public static ConsoleKeyInfo CtrlD { get; } = new('\u0004', ConsoleKey.D, false, false, true);

    public static ConsoleKeyInfo Up { get; } = new('\0', ConsoleKey.UpArrow, false, false, false);

    public static ConsoleKeyInfo Down { get; } = new('\0', ConsoleKey.DownArrow, false, false, false);

    public static ConsoleKeyInfo Tab { get; } = new('\t', ConsoleKey.Tab, false, false, false);

    public static ConsoleKeyInfo Escape { get; } = new('\u001b', ConsoleKey.Escape, false, false, false);

    public static ConsoleKeyInfo Ctrl(ConsoleKey key) => new((char)(key - ConsoleKey.A + 1), key, false, false, true);

    public static ConsoleKeyInfo Char(char c) => new(c, ConsoleKey.NoName, false, false, false);
}
