using Xunit;

namespace XCall.Generator.Tests.EndToEnd;

/// <summary>The README's quick start, compiled (through the real generator) and run as written.</summary>
public sealed partial class ReadmeTests
{
    [Fact]
    public void The_readme_quick_start_works_as_written()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 4 });

        Tlb.TouchOn(runtime, core: 2, page: 0x42);           // runs on core 2 and waits
        Tlb.FlushOnOthers(runtime, page: 0x42);               // every core but the caller's, waits for all
        Ticket ticket = Tlb.PrefetchOn(runtime, 1, 0x43);     // queued on core 1, returns at once
        ticket.Wait();                                        // or: await ticket

        Assert.Equal(-1, Tlb.CachedOn(runtime, 2));           // core 2's entry was flushed
        Assert.Equal(0x43, Tlb.CachedOn(runtime, 1));         // core 1 prefetched
    }

    static partial class Tlb
    {
        private static readonly PerCore<long> s_cachedPage = new(); // one entry per core, like DEFINE_PER_CPU

        [CrossCall(CallMode.Sync)]
        private static void Touch(long page) => s_cachedPage.Local = page;

        [CrossCall(CallMode.Sync)]
        private static void Flush(long page)
        {
            if (s_cachedPage.Local == page) s_cachedPage.Local = -1;
        }

        [CrossCall(CallMode.Async)]
        private static void Prefetch(long page) => s_cachedPage.Local = page;

        /// <summary>Not in the README: lets the test read a core's entry.</summary>
        [CrossCall(CallMode.Sync)]
        private static long Cached() => s_cachedPage.Local;
    }
}
