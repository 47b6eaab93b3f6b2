namespace XCall.Samples.TlbShootdown;

/// <summary>The simulated machine: one page table all cores share and, per core, a TLB and what happened to it.</summary>
internal sealed class Machine(XCallRuntime runtime, int pages)
{
    public PageTable PageTable { get; } = new(pages);

    public PerCore<CoreMmu> Cores { get; } = new(runtime);
}

/// <summary>A core's memory-management unit: its TLB and its counters, written only by that core.</summary>
internal struct CoreMmu
{
    public TlbCache Tlb;

    /// <summary>Touches the TLB answered.</summary>
    public long Hits;

    /// <summary>Touches that walked the page table and cached what they found.</summary>
    public long Misses;

    /// <summary>Touches of an unmapped page (a page fault: nothing to cache).</summary>
    public long Faults;

    /// <summary>Cached translations dropped by an unmap, on this core or by a shootdown from another.</summary>
    public long Invalidated;

    public void Invalidate(int page)
    {
        if (Tlb.Invalidate(page)) Invalidated++;
    }
}
