using System;
using System.Collections.Concurrent;
using System.Threading;

namespace XCall.Tests;

/// <summary>
/// Per-test state the test handlers write into (passed as a call reference), so tests never share statics.
/// </summary>
public sealed class Probe
{
    private readonly long[] _perCore = new long[CoreMask.Capacity];
    private long _total;

    /// <summary>Every (core, value) a handler saw, in arrival order per core.</summary>
    public ConcurrentQueue<(int Core, long Value, int Thread)> Seen { get; } = new();

    /// <summary>Calls that ran, by core.</summary>
    public long On(int core) => Volatile.Read(ref _perCore[core]);

    /// <summary>Calls that ran in all.</summary>
    public long Total => Volatile.Read(ref _total);

    public void Hit(int core, long value)
    {
        Interlocked.Increment(ref _perCore[core]);
        Interlocked.Increment(ref _total);
        Seen.Enqueue((core, value, Environment.CurrentManagedThreadId));
    }

    /// <summary>Counts without recording (for stress and allocation tests: no allocation on the core).</summary>
    public void Count(int core)
    {
        Interlocked.Increment(ref _perCore[core]);
        Interlocked.Increment(ref _total);
    }
}
