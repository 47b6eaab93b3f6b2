using System.Diagnostics;
using System.Text;

namespace XCall;

/// <summary>
/// Finds waits that can never end. Every wait on a core serves that core's queue, so a chain of cores waiting on
/// each other still makes progress — except when a call waits for a call that itself waits, further down, for the
/// first: a call on a core's running stack resumes only after the core's innermost wait ends. Following "X waits on
/// core C's stack, so X waits for C's innermost wait" from a waiting core back to itself proves a cycle.
/// </summary>
internal static class WaitCycles
{
    private const int MaxHops = 256;

    /// <summary>The cycle through <paramref name="self"/>'s wait for <paramref name="awaited"/>, described, or null.</summary>
    public static string? Find(Core self, CallId awaited)
    {
        CallId target = awaited;
        for (int hop = 0; hop < MaxHops && !target.IsNone; hop++)
        {
            Core? runner = target.Runner;
            // Not waiting on a stack (queued, or running freely): it can still finish, so there is no cycle through it.
            if (runner is null || !runner.Stack.Contains(target)) return null;
            if (runner == self) return Describe(self, awaited);
            target = runner.Stack.InnermostAwaited();
        }
        return null;
    }

    /// <summary>The exception for a cycle found through <paramref name="self"/>'s wait for <paramref name="awaited"/>.</summary>
    public static XCallDeadlockException Deadlock(Core self, CallId awaited) =>
        new(Describe(self, awaited) ?? $"Core {self.Id} waits for a call that cannot finish before this wait ends.");

    private static string Describe(Core self, CallId awaited)
    {
        var text = new StringBuilder($"Wait cycle: core {self.Id} waits for ");
        CallId target = awaited;
        for (int hop = 0; hop < MaxHops && !target.IsNone; hop++)
        {
            Core? runner = target.Runner;
            if (runner is null) break;
            text.Append(HandlerNames.Of(runner.Stack.ThunkOf(target))).Append(" on core ").Append(runner.Id);
            if (runner == self)
            {
                text.Append(", which is further up core ").Append(self.Id).Append("'s own stack and resumes only after this wait ends.");
                return text.ToString();
            }
            target = runner.Stack.InnermostAwaited();
            text.Append(", which waits for ");
        }
        text.Append("….");
        return text.ToString();
    }
}

/// <summary>
/// A waiting core's watch for cycles among other cores: stacks change as cores run, so a cycle is reported only
/// once the same one has been seen for <see cref="WaitTiming.CycleConfirmMilliseconds"/> (a real cycle never changes).
/// </summary>
internal struct CycleWatch
{
    private string? _suspect;
    private long _since;

    public readonly bool IsSuspecting => _suspect is not null;

    /// <summary>Throws once a cycle through this wait is confirmed.</summary>
    public void Check(Core self, CallId awaited)
    {
        string? cycle = awaited.IsNone ? null : WaitCycles.Find(self, awaited);
        if (cycle is null)
        {
            _suspect = null;
            return;
        }
        long now = Stopwatch.GetTimestamp();
        if (cycle != _suspect)
        {
            _suspect = cycle;
            _since = now;
            return;
        }
        if (Stopwatch.GetElapsedTime(_since, now).TotalMilliseconds >= WaitTiming.CycleConfirmMilliseconds)
            throw new XCallDeadlockException(cycle);
    }
}
