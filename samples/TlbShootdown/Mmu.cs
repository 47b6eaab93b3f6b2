using System;
using System.Diagnostics;

namespace XCall.Samples.TlbShootdown;

/// <summary>What one unmap's shootdown did: how many other cores flushed the page, and how long the caller waited.</summary>
internal readonly record struct Shootdown(int CoresFlushed, TimeSpan Elapsed);

/// <summary>
/// The cross calls of the simulated MMU. The generator turns each into senders (<c>TouchOnAll</c>, <c>UnmapOn</c>,
/// <c>FlushOnOthers</c>, <c>CountStaleOnAll</c>, …); every one of them runs on a core and touches only that core's TLB.
/// </summary>
internal static partial class Mmu
{
    /// <summary>The core's workload: reads <paramref name="count"/> pseudo-random pages through its TLB.</summary>
    [CrossCall(CallMode.Async)]
    private static void Touch(Machine machine, uint seed, int count)
    {
        ref CoreMmu mmu = ref machine.Cores.Local;
        PageTable pageTable = machine.PageTable;
        uint state = (seed * 2654435761u) ^ (uint)(XCallRuntime.CurrentCoreId + 1) * 40503u | 1u; // distinct pages per core
        for (int i = 0; i < count; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            int page = (int)(state % (uint)pageTable.Pages);
            if (mmu.Tlb.TryTranslate(page, out _))
            {
                mmu.Hits++;
                continue;
            }
            int frame = pageTable.Translate(page);
            if (frame == PageTable.Unmapped)
            {
                mmu.Faults++;
                continue;
            }
            mmu.Misses++;
            mmu.Tlb.Fill(page, frame);
        }
    }

    /// <summary>
    /// Unmaps <paramref name="page"/> from this core, in the kernel's order: clear the page-table entry first (from then on
    /// a TLB miss anywhere finds the page unmapped and caches nothing), drop the local translation, then shoot it down on
    /// every other core and wait until they all did.
    /// </summary>
    [CrossCall(CallMode.Sync)]
    private static Shootdown Unmap(Machine machine, int page)
    {
        machine.PageTable.Unmap(page);
        machine.Cores.Local.Invalidate(page);
        return ShootDown(XCallRuntime.Current!, machine, page);
    }

    [Vetted("A shootdown must not return before every other core dropped the translation: the frame is reused right after. The runtime keeps this core serving its own queue while it waits, so the wait cannot deadlock.")]
    private static Shootdown ShootDown(XCallRuntime runtime, Machine machine, int page)
    {
        long started = Stopwatch.GetTimestamp();
        int flushed = FlushOnOthers(runtime, machine, page);
        return new Shootdown(flushed, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Drops <paramref name="page"/>'s translation. High priority: it runs before the touches queued on the core.</summary>
    [CrossCall(CallMode.Sync, Priority = CallPriority.High)]
    private static void Flush(Machine machine, int page) => machine.Cores.Local.Invalidate(page);

    /// <summary>How many of this core's cached translations disagree with the page table.</summary>
    [CrossCall(CallMode.Sync)]
    private static int CountStale(Machine machine) => machine.Cores.Local.Tlb.CountStale(machine.PageTable);
}
