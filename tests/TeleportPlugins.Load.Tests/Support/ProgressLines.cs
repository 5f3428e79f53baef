namespace TeleportPlugins.Load.Tests.Support;

/// <summary>A progress writer that keeps each line (and passes it on, if given a writer) and lets a test wait for the n-th.</summary>
internal sealed class ProgressLines(TextWriter? passOn = null) : StringWriter
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_lines)
        {
            _lines.Add(value ?? string.Empty);
        }

        passOn?.WriteLine(value);
    }

    public async Task WaitForAsync(int count, CancellationToken cancellationToken)
    {
        while (Lines.Count < count)
        {
            await Task.Delay(5, cancellationToken);
        }
    }
}
