using System;
using System.Threading;
using XCall.Testing;

namespace XCall;

/// <summary>
/// Cores have no threads: a test steps them on its own thread, in any order (<see cref="ManualIpiChip"/>), and a
/// thread that waits on the runtime steps every core until its wait ends. Nothing depends on which thread steps,
/// so one script gives one trace.
/// </summary>
internal sealed class ManualDriver(XCallRuntime runtime) : Driver(runtime)
{
    private readonly int[] _steppers = new int[runtime.CoreCount]; // managed thread id stepping each core, or 0

    public override bool CoresHaveThreads => false;

    public override bool CanBlock => false;

    public override void Start(XCallOptions options)
    {
        // A parked core counts a wake-up whenever a send finds it so (the chip records them for tests).
        foreach (Core core in Runtime.Cores) core.MarkParked();
    }

    public override void Stop(Deadline drain) => RunUntilIdle();

    public override bool Progress(Core? self)
    {
        if (DriveOnce() != 0) return true;
        return self is not null && self.Runtime != Runtime && self.Poll() != 0; // a core of another runtime serves its own queue
    }

    public override void NothingToRun(string awaited)
    {
        foreach (int stepper in _steppers)
        {
            if (stepper != 0 && stepper != Environment.CurrentManagedThreadId)
            {
                Thread.Yield(); // another thread is running a call that may end the wait
                return;
            }
        }
        throw new InvalidOperationException($"Waiting for {awaited} under a ManualIpiChip, but no core has anything left to run: it can never finish.");
    }

    /// <summary>Runs up to <paramref name="budget"/> calls of <paramref name="core"/> on this thread; −1 if another thread steps it.</summary>
    public int Step(Core core, int budget)
    {
        int me = Environment.CurrentManagedThreadId;
        int owner = Interlocked.CompareExchange(ref _steppers[core.Id], me, 0);
        if (owner != 0 && owner != me) return -1; // one consumer per core: lanes are single-consumer
        ProducerContext context = Runtime.Context();
        Core? outerCore = Core.Current;
        Core? outerSelf = context.Self;
        Core.Current = core;
        context.Self = core;
        try
        {
            int ran = 0;
            while (ran < budget)
            {
                int step = budget - ran >= Core.BatchSize ? core.Poll() : core.PollOne();
                if (step == 0) break;
                ran += step;
            }
            if (!core.HasWork) core.MarkParked();
            return ran;
        }
        finally
        {
            Core.Current = outerCore;
            context.Self = outerSelf;
            if (owner == 0) Volatile.Write(ref _steppers[core.Id], 0);
        }
    }

    /// <summary>Steps every core, round after round, until none has anything left; returns how many calls ran.</summary>
    public int RunUntilIdle()
    {
        int total = 0;
        while (DriveOnce() is var ran && ran > 0) total += ran;
        return total;
    }

    /// <summary>One round: each core runs up to a batch. Returns how many calls ran.</summary>
    private int DriveOnce()
    {
        int ran = 0;
        foreach (Core core in Runtime.Cores) ran += Math.Max(0, Step(core, Core.BatchSize));
        return ran;
    }
}
