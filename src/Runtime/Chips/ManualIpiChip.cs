using System;
using System.Threading;

namespace XCall;

/// <summary>
/// A deterministic chip for tests: cores get no threads; a test runs their queues by hand with
/// <see cref="Step"/> on its own thread, in any order it likes, and reads how many wake-ups each core was sent.
/// </summary>
/// <remarks>
/// A sync call (or a ticket wait) made under this chip steps the cores itself until the call finished, so a
/// single-threaded test can use every call form. If nothing is left to run and the call has not finished, the
/// wait throws <see cref="InvalidOperationException"/> instead of hanging. Disposing the runtime runs what is queued.
/// </remarks>
public sealed class ManualIpiChip : IpiChip
{
    private XCallRuntime? _runtime;
    private long[] _wakeups = [];
    private int[] _steppers = [];

    internal override bool StartsThreads => false;

    /// <summary>How many wake-up signals <paramref name="core"/> was sent (one per transition from parked to having work).</summary>
    public long WakeupsSent(int core) => Volatile.Read(ref _wakeups[Runtime.ValidCore(core).Id]);

    /// <summary>Whether <paramref name="core"/> has calls waiting to run.</summary>
    public bool HasPending(int core) => Runtime.ValidCore(core).HasWork;

    /// <summary>
    /// Runs up to <paramref name="maxCalls"/> queued calls of <paramref name="core"/> on the calling thread, as
    /// that core, in the order the core would; returns how many ran. The core counts as parked again once empty.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another thread is stepping this core.</exception>
    public int Step(int core, int maxCalls = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCalls);
        int ran = TryStep(Runtime.ValidCore(core), maxCalls);
        if (ran < 0) throw new InvalidOperationException($"Core {core} is being stepped by another thread.");
        return ran;
    }

    /// <summary>Steps every core, round after round, until none has anything left; returns how many calls ran.</summary>
    public int RunUntilIdle()
    {
        int total = 0;
        while (DriveOnce() is var ran && ran > 0) total += ran;
        return total;
    }

    /// <inheritdoc/>
    protected internal override void Wait(int core, int millisecondsTimeout) =>
        throw new InvalidOperationException("Cores of a ManualIpiChip have no threads and never wait; step them with Step.");

    /// <inheritdoc/>
    protected internal override void Notify(int core) => Interlocked.Increment(ref _wakeups[core]);

    internal override void Attach(XCallRuntime runtime, int coreCount)
    {
        base.Attach(runtime, coreCount);
        _runtime = runtime;
        _wakeups = new long[coreCount];
        _steppers = new int[coreCount];
        for (int i = 0; i < coreCount; i++) runtime.CoreAt(i).MarkParked();
    }

    /// <summary>One round: each core runs up to a batch. Returns how many calls ran.</summary>
    internal int DriveOnce()
    {
        int ran = 0;
        foreach (Core core in Runtime.Cores) ran += Math.Max(0, TryStep(core, Core.BatchSize));
        return ran;
    }

    /// <summary>Steps cores until <paramref name="condition"/> holds; throws if nothing can make it hold.</summary>
    internal bool DriveUntil<TCondition>(ref TCondition condition, Deadline deadline) where TCondition : struct, IWaitCondition
    {
        while (!condition.IsSatisfied)
        {
            if (deadline.HasPassed) return false;
            DriveOnceOrThrow("the call");
        }
        return true;
    }

    /// <summary>Runs one round; when nothing could run and no other thread is stepping, the awaited thing can never happen.</summary>
    internal void DriveOnceOrThrow(string awaited)
    {
        if (DriveOnce() != 0) return;
        foreach (int stepper in _steppers)
        {
            if (stepper != 0 && stepper != Environment.CurrentManagedThreadId)
            {
                Thread.Yield(); // another thread is running a call that may finish it
                return;
            }
        }
        throw new InvalidOperationException($"Waiting for {awaited} under a ManualIpiChip, but no core has anything left to run: it can never finish.");
    }

    /// <summary>Runs a core's queue on this thread; −1 if another thread is stepping it. Re-entrant on one thread.</summary>
    private int TryStep(Core core, int budget)
    {
        int me = Environment.CurrentManagedThreadId;
        int owner = Interlocked.CompareExchange(ref _steppers[core.Id], me, 0);
        if (owner != 0 && owner != me) return -1; // one consumer per core: the lanes are single-consumer
        try
        {
            int ran = core.RunOnCallingThread(budget);
            if (!core.HasWork) core.MarkParked();
            return ran;
        }
        finally
        {
            if (owner == 0) Volatile.Write(ref _steppers[core.Id], 0);
        }
    }

    private XCallRuntime Runtime => _runtime ?? throw new InvalidOperationException("This ManualIpiChip is not attached to a runtime yet.");
}
