using System;
using System.Diagnostics;

namespace XCall.Samples;

/// <summary>
/// Progress of long work on one line: rewritten in place on a terminal, and on redirected output (a log, a test) a plain
/// line now and then, so that a log does not fill with carriage returns.
/// </summary>
internal sealed class ProgressLine
{
    private static readonly TimeSpan s_terminalInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_redirectedInterval = TimeSpan.FromSeconds(1);

    private readonly string _label;
    private readonly long _total;
    private readonly bool _inPlace = !Console.IsOutputRedirected;
    private readonly long _started = Stopwatch.GetTimestamp();
    private TimeSpan _nextReport;
    private int _width;

    public ProgressLine(string label, long total)
    {
        _label = label;
        _total = total;
        Report(0);
    }

    /// <summary>Time since the line was made.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>Shows <paramref name="done"/> of the total, unless the line was updated a moment ago.</summary>
    public void Report(long done)
    {
        TimeSpan now = Elapsed;
        if (now < _nextReport) return;
        _nextReport = now + (_inPlace ? s_terminalInterval : s_redirectedInterval);
        Show($"{_label}: {Format.Count(done)} of {Format.Count(_total)} ({100.0 * done / Math.Max(1, _total):0}%)");
    }

    /// <summary>Shows the work as finished and ends the line; returns how long it took.</summary>
    public TimeSpan Complete()
    {
        TimeSpan elapsed = Elapsed;
        Show($"{_label}: {Format.Count(_total)} done in {Format.Duration(elapsed)}");
        if (_inPlace) Console.WriteLine();
        return elapsed;
    }

    private void Show(string text)
    {
        if (!_inPlace)
        {
            Console.WriteLine(text);
            return;
        }
        // Pad over the previous text: a shorter line must not leave the end of a longer one behind.
        Console.Write('\r' + text.PadRight(_width));
        _width = Math.Max(_width, text.Length);
    }
}
