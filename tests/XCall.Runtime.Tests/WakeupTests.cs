using System;
using System.Linq;
using System.Threading;
using Xunit;
using XCall.Testing;

namespace XCall.Tests;

public class WakeupTests
{
    [Fact]
    public void Calls_to_a_parked_core_send_one_wakeup_until_it_runs_again()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip });
        var probe = new Probe();
        for (int i = 0; i < 10; i++) runtime.Post<Record, long>(1, i, new CallRefs(probe));
        Assert.Equal(1, chip.WakeupsSent(1));
        Assert.Equal(0, chip.WakeupsSent(0));
        chip.Step(1);
        for (int i = 0; i < 10; i++) runtime.Post<Record, long>(1, i, new CallRefs(probe));
        Assert.Equal(2, chip.WakeupsSent(1));
        var stats = runtime.GetStatistics();
        Assert.Equal(2, stats.WakeupsSent);
        Assert.Equal(18, stats.WakeupsCoalesced);
    }

    [Fact]
    public void A_core_that_parks_between_every_call_never_misses_a_wakeup()
    {
        // No poll window: the core parks as soon as its queue is empty, so every call races the park protocol.
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, PollWindow = TimeSpan.Zero });
        var probe = new Probe();
        Wait.Bounded(() =>
        {
            for (int i = 0; i < 20_000; i++)
            {
                if (i % 2 == 0) runtime.Call<Count, long>(1, i, new CallRefs(probe));
                else runtime.Post<Count, long>(1, i, new CallRefs(probe)).Wait();
            }
        }, "20,000 calls to a core that parks after each");
        Assert.Equal(20_000, probe.Total);
        Assert.True(runtime.GetStatistics().WakeupsSent > 0, "the core did park and get woken");
    }

    [Fact]
    public void Under_saturation_almost_no_call_needs_a_wakeup()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, QueueCapacity = 64 });
        var probe = new Probe();
        Ticket last = default;
        for (int i = 0; i < 200_000; i++) last = runtime.Post<Count, long>(1, i, new CallRefs(probe));
        last.Wait();
        var stats = runtime.GetStatistics();
        Assert.Equal(200_000, probe.Total);
        Assert.Equal(200_000, stats.WakeupsSent + stats.WakeupsCoalesced);
        // Not a timing assertion: a saturated core keeps finding work, so it rarely parks. Generous bound: 10%.
        Assert.True(stats.WakeupsSent < 20_000, $"{stats.WakeupsSent} wake-ups for 200,000 calls");
    }

    [Fact]
    public void A_wakeup_with_no_call_wakes_a_parked_core()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3, Chip = chip });
        Assert.Equal(3, runtime.WakeUp(Target.All));
        Assert.Equal(0, runtime.WakeUp(Target.All)); // no core parked again since
        Assert.Equal(new long[] { 1, 1, 1 }, Enumerable.Range(0, 3).Select(chip.WakeupsSent));
        chip.Step(2); // an empty step leaves the core parked again
        Assert.Equal(1, runtime.WakeUp(2));
    }

    [Fact]
    public void Run_pending_lets_a_long_handler_serve_calls_queued_for_its_own_core()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var probe = new Probe();
        Assert.True(runtime.Call<LongLoop, long, bool>(1, 0, new CallRefs(probe)));
        Assert.Throws<InvalidOperationException>(() => runtime.RunPending());
    }

    [Fact]
    public void The_polling_chip_serves_calls_without_ever_signalling()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = new PollingIpiChip() });
        var probe = new Probe();
        for (int i = 0; i < 1000; i++) runtime.Call<Count, long>(1, i, new CallRefs(probe));
        Assert.Equal(1000, probe.Total);
        Assert.Equal(0, runtime.GetStatistics().WakeupsSent);
    }

    [Fact]
    public void A_custom_chip_is_used_to_park_and_wake_cores()
    {
        var chip = new CountingChip();
        using (var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip, PollWindow = TimeSpan.Zero }))
        {
            var probe = new Probe();
            for (int i = 0; i < 100; i++) runtime.Call<Count, long>(1, i, new CallRefs(probe));
            Assert.Equal(100, probe.Total);
        }
        Assert.True(chip.Waits > 0 && chip.Notifies > 0);
    }

    [Fact]
    public void A_chip_serves_only_one_runtime()
    {
        var chip = new ParkingIpiChip();
        using var first = XCallRuntime.Start(new XCallOptions { Cores = 1, Chip = chip });
        Assert.Throws<InvalidOperationException>(() => XCallRuntime.Start(new XCallOptions { Cores = 1, Chip = chip }));
    }

    private sealed class CountingChip : IpiChip
    {
        private SemaphoreSlim[] _gates = [];
        public int Waits;
        public int Notifies;

        protected override void OnAttach(int coreCount) => _gates = Enumerable.Range(0, coreCount).Select(_ => new SemaphoreSlim(0)).ToArray();

        protected internal override void Wait(int core, int millisecondsTimeout) // "internal" only because this assembly sees the runtime's internals
        {
            Interlocked.Increment(ref Waits);
            _gates[core].Wait(millisecondsTimeout);
        }

        protected internal override void Notify(int core)
        {
            Interlocked.Increment(ref Notifies);
            _gates[core].Release();
        }
    }

    /// <summary>Queues a call to its own core from a stranger, then loops until RunPending ran it.</summary>
    private struct LongLoop : ICrossCallHandler<long>
    {
        public static string Name => "Tests.LongLoop";

        public static void Invoke(in long value, ref CallFrame frame)
        {
            var probe = frame.Ref<Probe>(0)!;
            XCallRuntime runtime = frame.Runtime;
            int core = frame.Core;
            var stranger = new Thread(() => runtime.Post<Record, long>(core, 1, new CallRefs(probe)));
            stranger.Start();
            stranger.Join();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (probe.Total == 0 && clock.Elapsed < XCall.Tests.Wait.Generous) runtime.RunPending();
            frame.SetResult(probe.Total == 1);
        }
    }
}
