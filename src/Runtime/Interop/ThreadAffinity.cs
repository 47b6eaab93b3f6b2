using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace XCall;

/// <summary>Pins core threads to CPUs on Linux (sched_setaffinity on the calling thread).</summary>
internal static unsafe partial class ThreadAffinity
{
    private const int SetWords = 16; // a 1024-CPU set, the kernel's usual cpu_set_t

    /// <summary>The CPUs this process may run on, in ascending order.</summary>
    public static int[] AllowedCpus()
    {
        ulong* set = stackalloc ulong[SetWords];
        if (sched_getaffinity(0, SetWords * sizeof(ulong), set) != 0)
            throw new InvalidOperationException($"sched_getaffinity failed (errno {Marshal.GetLastPInvokeError()}).");
        var cpus = new List<int>();
        for (int cpu = 0; cpu < SetWords * 64; cpu++)
            if ((set[cpu / 64] & (1UL << (cpu % 64))) != 0) cpus.Add(cpu);
        return cpus.ToArray();
    }

    public static void PinCurrentThread(int cpu)
    {
        ulong* set = stackalloc ulong[SetWords];
        new Span<ulong>(set, SetWords).Clear();
        set[cpu / 64] = 1UL << (cpu % 64);
        if (sched_setaffinity(0, SetWords * sizeof(ulong), set) != 0)
            throw new InvalidOperationException($"sched_setaffinity to CPU {cpu} failed (errno {Marshal.GetLastPInvokeError()}).");
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setaffinity(int pid, nint size, ulong* mask);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_getaffinity(int pid, nint size, ulong* mask);
}
