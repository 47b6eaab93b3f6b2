using System.Threading;

namespace XCall;

/// <summary>
/// How every spin loop in the runtime pauses between checks: one short pause (about 35 ns), so a finished call
/// or new work is seen almost at once. When the runtime has at least as many cores as the machine has CPUs,
/// spinning threads would keep runnable cores off the CPUs, so every 16th pause yields instead.
/// </summary>
internal struct Spinner(bool oversubscribed)
{
    private int _count;

    public void Pause()
    {
        if (oversubscribed && (++_count & 15) == 0) Thread.Yield();
        else Thread.SpinWait(1);
    }
}
