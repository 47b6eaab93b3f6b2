using System.Threading;

namespace XCall.Samples.TlbShootdown;

/// <summary>
/// The page table every core shares: virtual page → physical frame, or unmapped. Cores read it on a TLB miss; the
/// unmapping core clears an entry, and the driver maps a page again to a new frame once its shootdown finished.
/// </summary>
internal sealed class PageTable
{
    public const int Unmapped = -1;

    private readonly int[] _frames;
    private int _nextFrame;

    public PageTable(int pages)
    {
        _frames = new int[pages];
        for (int page = 0; page < pages; page++) _frames[page] = _nextFrame++;
    }

    public int Pages => _frames.Length;

    /// <summary>The frame <paramref name="page"/> maps to, or <see cref="Unmapped"/>.</summary>
    public int Translate(int page) => Volatile.Read(ref _frames[page]);

    public bool IsMapped(int page) => Translate(page) != Unmapped;

    public void Unmap(int page) => Volatile.Write(ref _frames[page], Unmapped);

    /// <summary>
    /// Maps <paramref name="page"/> to a frame it never had: a core still caching the old translation would now reach
    /// memory that is no longer the page's. That is the stale entry a shootdown exists to prevent.
    /// </summary>
    public void MapToNewFrame(int page) => Volatile.Write(ref _frames[page], _nextFrame++);
}
