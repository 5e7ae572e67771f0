using System.Globalization;
using TinCanChat.Client.Display;
using TinCanChat.Common.Protocol;
using TinCanChat.Common.Transport;

namespace TinCanChat.Client;

/// <summary>The receive thread: shows what arrives and, with --reconnect, opens the connection again.</summary>
internal sealed partial class ChatClient
{
    private void ReceiveLoop()
    {
        if (_connection is null && reconnect is not null)
        {
            _connection = Reconnect(lost: false);
            Pulse();
        }

        while (_connection is { } current)
        {
            try
            {
                while (current.ReceiveFrames() is { } frames)
                {
                    foreach (var frame in frames)
                    {
                        Show(frame);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // A reset ends the connection just as a close does.
            }

            if (_quitting || reconnect is null)
            {
                break;
            }

            _connection = null;
            current.Dispose();
            if (_unconfirmed.Clear() is var lost and > 0)
            {
                console.ShowStatus($"{lost} of your lines may not have reached the room before the connection was lost");
            }

            _connection = Reconnect(lost: true);
            Pulse();
        }

        Finish(_quitting ? 0 : 1, _quitting ? null : ServerClosed);
    }

    // Tries again after growing pauses (Enter cuts one short) until the server answers or the user quits.
    private IMessageConnection? Reconnect(bool lost)
    {
        for (var attempt = 0; !_quitting; attempt++)
        {
            var pause = _backoff.Next();
            // After a refusal its line has said why.
            var why = attempt == 0 && lost && !_refused ? "connection to server lost; " : string.Empty;
            console.ShowStatus(string.Create(CultureInfo.InvariantCulture, $"{why}trying again in {pause.TotalSeconds:0.#} s"));
            lock (_state)
            {
                if (!_quitting && !_retryNow)
                {
                    Monitor.Wait(_state, pause);
                }

                _retryNow = false;
                if (_quitting)
                {
                    return null;
                }
            }

            try
            {
                var next = reconnect!();
                _welcome = lost ? "reconnected" : "connected";
                // Ids, then the nickname, so the room sees who comes back, never an address (SPEC §10);
                // then /resume (SPEC §11): what the room said meanwhile, then live lines.
                next.Send(Opening([.. Reentering().OfType<string>()]));
                _arrivingAs = _login is null ? _nick : null;

                return next;
            }
            catch (ConnectFailedException ex)
            {
                console.ShowStatus(ex.Message);
            }
            catch (IOException)
            {
                // Gone again at once: the next pause is longer.
            }
        }

        return null;
    }

    private void Show(DecodedFrame frame)
    {
        if (frame.IsMessage && _arrivingAs is { } wanted && frame.Text.StartsWith("* ", StringComparison.Ordinal))
        {
            _arrivingAs = null;
            TakeFallbackName(wanted, frame.Text);
        }

        // A server of ours says something first (its arrival notice, a replay): one that only relays others' lines does not.
        if (frame.IsMessage && !_heardFirst)
        {
            _heardFirst = true;
            if (frame.Text.StartsWith("* ", StringComparison.Ordinal) && !AsksForIds && console.WantsLineIds)
            {
                AskForIds();
            }
        }

        // Taken back: the pauses start over. A refusal (the server full) is no welcome: the
        // connect succeeded, yet the next try should wait longer.
        _refused = frame.IsMessage && ServerLines.IsRefusal(frame.Text);
        _slowedDown |= frame.IsMessage && frame.Text.StartsWith(ServerLines.SlowDownStart, StringComparison.Ordinal);
        if (frame.IsMessage && !_refused)
        {
            _backoff.Reset();
            if (_welcome is { } welcome)
            {
                _welcome = null;
                console.ShowStatus(welcome);
            }
        }

        // Resuming: the replay of entering the lobby (without ids) is dropped, the resume's shown.
        if (frame.IsMessage && reconnect is not null)
        {
            var resuming = _replay.Resuming;
            var lines = _replay.Pass(frame.Text);
            if (resuming && !_replay.Resuming && lines.FirstOrDefault(LineIds.HasId) is { } first)
            {
                _ids.ResumedFrom(first);
            }

            foreach (var line in lines)
            {
                ShowText(DecodedFrame.Message(line), resuming ? LineKind.Resumed : null);
            }

            return;
        }

        ShowText(frame, null);
    }

    /// <param name="kind">Resumed, or null: live, or history between the markers.</param>
    private void ShowText(DecodedFrame frame, LineKind? kind)
    {
        if (!frame.IsMessage)
        {
            console.ShowStatus(frame.Status == FrameStatus.InvalidUtf8
                ? "received a message that is not valid UTF-8; not shown"
                : "received a message too long to show; skipped");
            return;
        }

        // The answer to the /cap ids (or rooms) this client sent by itself is not news to its user.
        if (AsksForIds && (_ids.TakeIdsOn(frame.Text, _replay.Resuming) || _answersDue.Take(frame.Text)))
        {
            return;
        }

        _inHistory = frame.Text.StartsWith("* history of #", StringComparison.Ordinal) || (_inHistory && frame.Text != "* end of history");
        var shownAs = kind ?? (_inHistory ? LineKind.History : LineKind.Live);
        var (line, saidAt, seen, room) = _ids.Take(frame.Text, shownAs);
        if (seen)
        {
            return;
        }

        _unconfirmed.Received(line);
        var text = SafeText.ForDisplay(line);
        console.ShowMessage(
            timestamps
                ? string.Create(CultureInfo.InvariantCulture, $"[{(saidAt?.LocalDateTime ?? DateTime.Now):HH:mm:ss}] {text}")
                : text,
            new LineInfo(room, shownAs, saidAt));
    }

    // The server's own notices mark it as one that knows /cap: the screen's ids are asked for now.
    private void AskForIds()
    {
        _idsAsked = true;
        try
        {
            lock (_sending)
            {
                _connection?.Send(FrameEncoder.Encode("/cap ids"));
            }
        }
        catch (IOException)
        {
            // Gone: nothing to ask.
        }
    }
}
