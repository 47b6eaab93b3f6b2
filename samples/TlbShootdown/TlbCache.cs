using System.Runtime.CompilerServices;

namespace XCall.Samples.TlbShootdown;

/// <summary>
/// A core's TLB: a small direct-mapped cache of translations (virtual page → frame). The entries are an inline array,
/// so the whole cache lives inside the core's <see cref="PerCore{T}"/> entry and no operation on it allocates.
/// </summary>
internal struct TlbCache
{
    public const int Entries = 64;

    private EntryArray _entries;

    public bool TryTranslate(int page, out int frame)
    {
        ref Entry entry = ref _entries[Slot(page)];
        frame = entry.Frame;
        return entry.Holds(page);
    }

    /// <summary>Caches a translation, evicting whatever shared its slot.</summary>
    public void Fill(int page, int frame) => _entries[Slot(page)] = new Entry(Valid: true, page, frame);

    /// <summary>Drops <paramref name="page"/>'s translation; returns whether there was one.</summary>
    public bool Invalidate(int page)
    {
        ref Entry entry = ref _entries[Slot(page)];
        if (!entry.Holds(page)) return false;
        entry = default;
        return true;
    }

    /// <summary>How many cached translations disagree with the page table (a page now unmapped, or mapped elsewhere).</summary>
    public readonly int CountStale(PageTable pageTable)
    {
        int stale = 0;
        for (int slot = 0; slot < Entries; slot++)
        {
            Entry entry = _entries[slot];
            if (entry.Valid && pageTable.Translate(entry.Page) != entry.Frame) stale++;
        }
        return stale;
    }

    private static int Slot(int page) => page & (Entries - 1);

    private readonly record struct Entry(bool Valid, int Page, int Frame)
    {
        public bool Holds(int page) => Valid && Page == page;
    }

    [InlineArray(Entries)]
    private struct EntryArray
    {
        private Entry _first;
    }
}
