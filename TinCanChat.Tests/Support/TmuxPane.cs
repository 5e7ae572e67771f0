using System.Diagnostics;

namespace TinCanChat.Tests.Support;

/// <summary>
/// A program run in a real terminal: a tmux pane of its own (its own tmux server, on a socket of
/// its own), typed into and read back as a user sees it (<c>capture-pane</c>). Tests that need one
/// are skipped, saying why, where tmux is not installed.
/// </summary>
internal sealed class TmuxPane : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly string _socket = $"tcc-test-{Guid.NewGuid():N}";

    private TmuxPane(int width, int height, string command)
    {
        Tmux("new-session", "-d", "-s", "t", "-x", $"{width}", "-y", $"{height}", command);
    }

    /// <summary>The chat client, in full screen, in a pane of that size.</summary>
    public static TmuxPane Client(int width, int height, params string[] args)
    {
        if (!File.Exists("/usr/bin/tmux"))
        {
            Assert.Ignore("tmux is not installed (apt-get install -y tmux): the tests of the client as a terminal shows it need one.");
        }

        var client = Path.Combine(AppContext.BaseDirectory, "TinCanChat.Client.dll");
        return new TmuxPane(width, height, $"dotnet {client} {string.Join(' ', args)}; sleep 60");
    }

    /// <summary>Types the text as it is (no key names).</summary>
    public void Type(string text) => Tmux("send-keys", "-t", "t", "-l", text);

    /// <summary>Presses keys by tmux's names (Enter, M-1, C-l, PageUp).</summary>
    public void Press(params string[] keys) => Tmux(["send-keys", "-t", "t", .. keys]);

    /// <summary>Pastes the text as a terminal pastes it, bracketed.</summary>
    public void Paste(string text)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, text);
            Tmux("load-buffer", file);
            Tmux("paste-buffer", "-p", "-t", "t");
        }
        finally
        {
            File.Delete(file);
        }
    }

    public void Resize(int width, int height) => Tmux("resize-window", "-t", "t", "-x", $"{width}", "-y", $"{height}");

    /// <summary>The screen's rows now; with <paramref name="escapes"/>, with their colours and styles.</summary>
    public IReadOnlyList<string> Rows(bool escapes = false) =>
        Tmux(escapes ? ["capture-pane", "-p", "-e", "-t", "t"] : ["capture-pane", "-p", "-t", "t"]).Split('\n');

    /// <summary>The screen once it shows what the test waits for; a failure naming it, and the screen, otherwise.</summary>
    public IReadOnlyList<string> WaitFor(Func<IReadOnlyList<string>, bool> shown, string what, bool escapes = false)
    {
        IReadOnlyList<string> rows = [];
        if (!SpinWait.SpinUntil(() => shown(rows = Rows(escapes)), Patience))
        {
            Assert.Fail($"the screen never showed {what}; it shows:\n{string.Join('\n', rows)}");
        }

        return rows;
    }

    public void Dispose() => Tmux("kill-server");

    private string Tmux(params string[] args)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["-L", _socket, .. args])
        {
            info.ArgumentList.Add(arg);
        }

        using var tmux = Process.Start(info)!;
        var output = tmux.StandardOutput.ReadToEnd();
        tmux.StandardError.ReadToEnd();
        tmux.WaitForExit();
        return output;
    }
}
