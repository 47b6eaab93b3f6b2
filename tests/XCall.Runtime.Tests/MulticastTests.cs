using System;
using System.Linq;
using Xunit;
using XCall.Testing;
using XCall.Tests.Shared;

namespace XCall.Tests;

public class MulticastTests
{
    [Fact]
    public void A_thread_has_at_most_256_multi_core_calls_running_and_the_next_one_waits_or_reports_busy()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip, QueueCapacity = 4096 });
        var probe = new Probe();
        var refs = new CallRefs(probe);
        int accepted = 0;
        while (runtime.TryPost<Count, long>(Target.All, 0, out _, refs)) accepted++;

        Assert.Equal(ProducerContext.MaxRunningGroups, accepted); // the queues had room for more
        Assert.Equal(1, runtime.GetStatistics().QueueFullEvents);
        chip.RunUntilIdle();
        Assert.Equal(2 * accepted, probe.Total);

        long before = GC.GetAllocatedBytesForCurrentThread(); // the pool of groups stopped growing: nothing allocates now
        using (NoCollections.Begin())
        {
            for (int round = 0; round < 10; round++)
            {
                for (int i = 0; i < 1000; i++) runtime.Post<Count, long>(Target.All, i, refs); // waits (steps the cores) at 256
                chip.RunUntilIdle();
            }
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2 * (accepted + 10_000), probe.Total);
    }

    [Fact]
    public void A_sync_call_to_all_runs_once_on_every_core_and_returns_the_count()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 4 });
        var probe = new Probe();
        Assert.Equal(4, runtime.Call<Record, long>(Target.All, 1, new CallRefs(probe)));
        Assert.All(Enumerable.Range(0, 4), core => Assert.Equal(1, probe.On(core)));
    }

    [Fact]
    public void Results_of_a_call_to_all_land_in_the_span_at_each_cores_index()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 4 });
        Span<long> results = stackalloc long[4];
        runtime.Call<Scale, long, long>(Target.All, 5, results);
        Assert.Equal(new long[] { 50, 51, 52, 53 }, results.ToArray());
    }

    [Fact]
    public void A_call_to_others_from_a_core_skips_that_core()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        var probe = new Probe();
        int count = runtime.Call<FanOut, long, int>(1, 0, new CallRefs(probe));
        Assert.Equal(2, count);
        Assert.Equal(new[] { 1L, 0, 1 }, Enumerable.Range(0, 3).Select(probe.On));
    }

    [Fact]
    public void A_call_to_others_from_a_thread_that_is_not_a_core_reaches_every_core()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        var probe = new Probe();
        Assert.Equal(3, runtime.Call<Record, long>(Target.Others, 0, new CallRefs(probe)));
    }

    [Fact]
    public void A_mask_call_runs_exactly_on_the_cores_of_the_mask()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 4 });
        var probe = new Probe();
        runtime.Call<Record, long>(Target.InMask(CoreMask.Of(1, 3)), 9, new CallRefs(probe));
        Assert.Equal(new[] { 0L, 1, 0, 1 }, Enumerable.Range(0, 4).Select(probe.On));
    }

    [Fact]
    public void A_mask_call_with_a_condition_runs_only_where_the_condition_held()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 4 });
        var probe = new Probe();
        int count = runtime.Call<Record, long>(Target.InMask(CoreMask.Range(0, 4)).Where(static core => core % 2 == 0), 0, new CallRefs(probe));
        Assert.Equal(2, count);
        Assert.Equal(new[] { 1L, 0, 1, 0 }, Enumerable.Range(0, 4).Select(probe.On));
    }

    [Fact]
    public void A_condition_that_rejects_every_core_sends_nothing()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var probe = new Probe();
        Assert.Equal(0, runtime.Call<Record, long>(Target.All.Where(static _ => false), 0, new CallRefs(probe)));
        Assert.Equal(TicketStatus.Completed, runtime.Post<Record, long>(Target.All.Where(static _ => false), 0, new CallRefs(probe)).Status);
        Assert.Equal(0, probe.Total);
    }

    [Fact]
    public void An_async_call_to_all_returns_one_ticket_that_completes_when_every_core_ran_it()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        var probe = new Probe();
        Ticket ticket = runtime.Post<Record, long>(Target.All, 1, new CallRefs(probe));
        ticket.Wait();
        Assert.Equal(3, probe.Total);
    }

    [Fact]
    public void Any_of_a_mask_picks_the_calling_core_when_the_mask_holds_it()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        Assert.Equal(2, runtime.Call<AskAny, long, int>(2, 0b111));
    }

    [Fact]
    public void Any_of_a_mask_from_elsewhere_runs_once_on_one_core_of_the_mask()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 4 });
        var probe = new Probe();
        for (int i = 0; i < 20; i++) runtime.Call<Record, long>(Target.AnyOf(CoreMask.Of(1, 2)), i, new CallRefs(probe));
        Assert.Equal(20, probe.On(1) + probe.On(2));
        Assert.Equal(0, probe.On(0) + probe.On(3));
    }

    [Fact]
    public void A_sync_call_to_any_core_of_a_mask_returns_the_value_of_the_core_it_picked()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        long value = runtime.Call<Scale, long, long>(Target.AnyOf(CoreMask.Of(1, 2)), 4);
        Assert.Contains(value, new long[] { 41, 42 });
        Assert.True(runtime.TryCall<Scale, long, long>(Target.Core(2), 4, out long tried));
        Assert.Equal(42, tried);
        var error = Assert.Throws<ArgumentException>(() => runtime.Call<Scale, long, long>(Target.All, 4));
        Assert.Contains("pass a results span", error.Message);
    }

    [Fact]
    public void Any_of_a_mask_prefers_an_idle_core_over_a_busy_one()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        using var release = new System.Threading.ManualResetEventSlim();
        var started = new Probe();
        Ticket busy = runtime.Post<Block, long>(1, 0, new CallRefs(release, started));
        Wait.Until(() => started.Total == 1, "core 1 to start blocking");
        try
        {
            Span<long> results = stackalloc long[3];
            results.Fill(-1);
            runtime.Call<WhereAmI, long, long>(Target.AnyOf(CoreMask.Of(1, 2)), 0, results);
            Assert.Equal(-1, results[1]);
            Assert.Equal(2, (int)results[2]);
        }
        finally
        {
            release.Set();
            busy.Wait();
        }
    }

    [Fact]
    public void When_handlers_throw_on_several_cores_the_sync_caller_gets_an_aggregate_in_core_order()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        var error = Assert.Throws<AggregateException>(() => runtime.Call<Throw, long>(Target.All, 7));
        Assert.Equal(new[] { "boom 7 on core 0", "boom 7 on core 1", "boom 7 on core 2" }, error.InnerExceptions.Select(e => e.Message));
    }

    private struct FanOut : ICrossCallHandler<long>
    {
        public static string Name => "Tests.FanOut";

        public static void Invoke(in long value, ref CallFrame frame) =>
            frame.SetResult(frame.Runtime.Call<Record, long>(Target.Others, value, new CallRefs(frame.Ref<Probe>(0))));
    }

    private struct AskAny : ICrossCallHandler<long>
    {
        public static string Name => "Tests.AskAny";

        public static void Invoke(in long mask, ref CallFrame frame)
        {
            Span<long> results = stackalloc long[frame.Runtime.CoreCount];
            results.Fill(-1);
            frame.Runtime.Call<WhereAmI, long, long>(Target.AnyOf(CoreMask.Range(0, 3)), 0, results);
            for (int core = 0; core < results.Length; core++)
                if (results[core] != -1) frame.SetResult(core);
        }
    }
}
