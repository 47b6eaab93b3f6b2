using System;
using System.Threading;

namespace XCall.Testing;

/// <summary>
/// A deterministic chip for tests: cores get no threads; a test runs their queues by hand with
/// <see cref="Step"/> on its own thread, in any order it likes, and reads how many wake-ups each core was sent.
/// </summary>
/// <remarks>
/// A wait made under this chip — a sync call, a ticket, an awaited call, queue room — steps the cores itself until
/// it ends, so a single-threaded test can use every call form. If nothing is left to run and the wait cannot end,
/// it throws <see cref="InvalidOperationException"/> instead of hanging. Disposing the runtime runs what is queued.
/// Which thread steps makes no difference: one script gives one trace.
/// </remarks>
public sealed class ManualIpiChip : IpiChip
{
    private ManualDriver? _driver;
    private long[] _wakeups = [];

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
        int ran = Driver.Step(Runtime.ValidCore(core), maxCalls);
        if (ran < 0) throw new InvalidOperationException($"Core {core} is being stepped by another thread.");
        return ran;
    }

    /// <summary>Steps every core, round after round, until none has anything left; returns how many calls ran.</summary>
    public int RunUntilIdle() => Driver.RunUntilIdle();

    /// <inheritdoc/>
    protected internal override void Wait(int core, int millisecondsTimeout) =>
        throw new InvalidOperationException("Cores of a ManualIpiChip have no threads and never wait; step them with Step.");

    /// <inheritdoc/>
    protected internal override void Notify(int core) => Interlocked.Increment(ref _wakeups[core]);

    /// <inheritdoc/>
    protected override void OnAttach(int coreCount) => _wakeups = new long[coreCount];

    internal override Driver CreateDriver(XCallRuntime runtime) => _driver = new ManualDriver(runtime);

    private ManualDriver Driver => _driver ?? throw new InvalidOperationException("This ManualIpiChip is not attached to a runtime yet.");

    private XCallRuntime Runtime => Driver.Runtime;
}
