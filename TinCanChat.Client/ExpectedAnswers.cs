namespace TinCanChat.Client;

/// <summary>
/// Answers due to commands the client sent by itself (<c>/cap rooms</c>, <c>/focus</c>): not news
/// to the user, so each is taken once when it comes instead of shown. Its owner guards it.
/// </summary>
internal sealed class ExpectedAnswers
{
    private readonly List<string> _due = [];

    /// <summary>Answers starting so are due (replacing none: earlier ones may still come).</summary>
    public void Expect(params string[] starts) => _due.AddRange(starts);

    public void Clear() => _due.Clear();

    /// <summary>Whether the line is one of the answers due (it is then no longer due).</summary>
    public bool Take(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var due = _due.FindIndex(answer => line.StartsWith(answer, StringComparison.Ordinal));
        if (due >= 0)
        {
            _due.RemoveAt(due);
        }

        return due >= 0;
    }
}
