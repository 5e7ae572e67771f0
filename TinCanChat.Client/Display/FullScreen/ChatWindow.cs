namespace TinCanChat.Client.Display.FullScreen;

/// <summary>One window: a room's lines, or the private messages; what the user has not seen yet, and how far back it is scrolled.</summary>
internal sealed class ChatWindow(string name)
{
    /// <summary>Lines kept per window; older ones go.</summary>
    public const int LinesKept = 5000;

    private readonly List<ScreenLine> _lines = [];

    /// <summary>The room (<c>#dev</c>), or <see cref="ScreenModel.PrivateWindow"/>.</summary>
    public string Name { get; } = name;

    public IReadOnlyList<ScreenLine> Lines => _lines;

    /// <summary>Lines said while another window was shown.</summary>
    public int Unread { get; set; }

    /// <summary>A line naming the user, or a private one, came while another window was shown.</summary>
    public bool Mentioned { get; set; }

    /// <summary>Rows scrolled back from the newest (0: the newest lines are shown).</summary>
    public int ScrolledBack { get; set; }

    public bool IsRoom => Name.StartsWith('#');

    public void Add(ScreenLine line)
    {
        _lines.Add(line);
        if (_lines.Count > LinesKept)
        {
            _lines.RemoveRange(0, _lines.Count - LinesKept);
        }
    }

    public void Seen()
    {
        Unread = 0;
        Mentioned = false;
    }
}
