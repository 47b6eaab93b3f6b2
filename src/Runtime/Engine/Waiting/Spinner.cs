using System.Diagnostics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using System.Threading;

namespace XCall;

/// <summary>
/// How every spin loop in the runtime waits between checks, for at most a window of time. One check costs one
/// CPU pause (about 25 ns here; <c>Thread.SpinWait(1)</c> is 40 and a clock read 24), and the clock is read only
/// every 32 pauses, so a call that finishes within a microsecond is seen within a few tens of nanoseconds.
/// When the runtime has at least as many cores as the machine has CPUs, spinning would keep runnable cores off
/// the CPUs, so every 16th pause yields instead.
/// </summary>
internal struct Spinner(long windowTicks, bool oversubscribed)
{
    private long _until;
    private int _count;

    /// <summary>Pauses once; false (without pausing) once the window has passed.</summary>
    public bool Pause()
    {
        if ((++_count & 31) == 0 || windowTicks == 0)
        {
            long now = Stopwatch.GetTimestamp();
            if (_until == 0) _until = now + windowTicks; // the window starts at the first clock read, 32 pauses in
            if (now >= _until) return false;
        }
        if (oversubscribed && (_count & 15) == 0) Thread.Yield();
        else CpuPause();
        return true;
    }

    /// <summary>One CPU pause instruction (the polling chip's wait between polls, too).</summary>
    public static void CpuPause()
    {
        if (X86Base.IsSupported) X86Base.Pause();
        else if (ArmBase.IsSupported) ArmBase.Yield();
        else Thread.SpinWait(1);
    }
}
