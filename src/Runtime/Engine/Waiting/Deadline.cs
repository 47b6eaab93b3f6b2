using System;
using System.Diagnostics;
using System.Threading;

namespace XCall;

/// <summary>A point in time a wait gives up at, or never.</summary>
internal readonly struct Deadline
{
    private readonly long _at; // Stopwatch ticks; long.MaxValue: never

    private Deadline(long at) => _at = at;

    public static Deadline Never => new(long.MaxValue);

    public static Deadline After(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan) return Never;
        if (timeout < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A timeout must be zero or more, or Timeout.InfiniteTimeSpan.");
        double ticks = timeout.TotalSeconds * Stopwatch.Frequency;
        return ticks >= long.MaxValue / 2 ? Never : new(Stopwatch.GetTimestamp() + (long)ticks);
    }

    public bool IsNever => _at == long.MaxValue;

    public bool HasPassed => _at != long.MaxValue && Stopwatch.GetTimestamp() >= _at;

    /// <summary>Milliseconds left, for a wait that may end now: −1 (infinite) for never, 0 once passed.</summary>
    public int MillisecondsLeftOrZero() => HasPassed ? 0 : MillisecondsLeft();

    /// <summary>Milliseconds left, for a blocking wait: −1 (infinite) for never, at least 1 otherwise.</summary>
    public int MillisecondsLeft()
    {
        if (_at == long.MaxValue) return Timeout.Infinite;
        long left = (_at - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
        return (int)Math.Clamp(left, 1, int.MaxValue);
    }
}
