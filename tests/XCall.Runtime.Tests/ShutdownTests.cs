using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Xunit;
using XCall.Testing;

namespace XCall.Tests;

public class ShutdownTests
{
    [Fact]
    public void Disposing_runs_every_call_already_accepted()
    {
        var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        using var release = new ManualResetEventSlim();
        var probe = new Probe();
        Ticket blocked = runtime.Post<Block, long>(1, 0, new CallRefs(release));
        var tickets = Enumerable.Range(0, 100).Select(i => runtime.Post<Record, long>(1, i, new CallRefs(probe))).ToArray();
        var disposer = new Thread(runtime.Dispose);
        disposer.Start();
        Wait.Until(() => runtime.IsDisposed, "disposal to close admission");
        Assert.Throws<ObjectDisposedException>(() => runtime.Post<Record, long>(1, -1, new CallRefs(probe)));
        release.Set();
        Assert.True(disposer.Join(Wait.Generous));
        Assert.Equal(100, probe.Total);
        Assert.All(tickets, t => Assert.Equal(TicketStatus.Completed, t.Status));
        Assert.Equal(TicketStatus.Completed, blocked.Status);
    }

    public static TheoryData<int> DrainTimeouts => new() { 0, 10_000 };

    [Theory]
    [MemberData(nameof(DrainTimeouts))]
    public void Under_load_every_accepted_call_either_ran_or_ended_cancelled_and_nothing_hangs(int drainMilliseconds)
    {
        const int Senders = 3, PerSender = 20_000;
        var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3, QueueCapacity = 8, DrainTimeout = TimeSpan.FromMilliseconds(drainMilliseconds) });
        var ledger = new Ledger(Senders * PerSender, 3);
        var refs = new CallRefs(ledger);
        var accepted = new List<(long Index, Ticket Ticket)>[Senders];
        var cancelledSync = new HashSet<long>[Senders];

        Wait.Bounded(() =>
        {
            var threads = Enumerable.Range(0, Senders).Select(sender => new Thread(() =>
            {
                accepted[sender] = new List<(long, Ticket)>();
                cancelledSync[sender] = new HashSet<long>();
                var random = new Random(99 + sender);
                for (int i = 0; i < PerSender; i++)
                {
                    long index = sender * PerSender + i;
                    int core = random.Next(3);
                    try
                    {
                        switch (random.Next(3))
                        {
                            case 0:
                                ledger.ExpectUnknown(index);
                                accepted[sender].Add((index, runtime.Post<Entry, long>(core, index, refs)));
                                ledger.Expect(index, 1L << core);
                                break;
                            case 1:
                                ledger.ExpectUnknown(index);
                                accepted[sender].Add((index, runtime.Post<Entry, long>(Target.All, index, refs)));
                                ledger.Expect(index, 0b111);
                                break;
                            default:
                                ledger.ExpectUnknown(index);
                                try
                                {
                                    runtime.Call<Entry, long>(core, index, refs);
                                    ledger.Expect(index, 1L << core);
                                }
                                catch (OperationCanceledException)
                                {
                                    ledger.Expect(index, 0);
                                }
                                break;
                        }
                    }
                    catch (ObjectDisposedException)
                    {
                        // Not accepted. (A broadcast that was half sent when admission closed may have run on some
                        // cores: its index stays "unknown", which still checks it ran at most once per core.)
                        return;
                    }
                }
            })).ToArray();
            foreach (Thread thread in threads) thread.Start();
            Thread.Sleep(50);
            runtime.Dispose();
            foreach (Thread thread in threads) thread.Join();
        }, "disposal under load");

        var all = accepted.SelectMany(a => a).ToList();
        Assert.All(all, a => Assert.NotEqual(TicketStatus.Pending, a.Ticket.Status));
        var cancelled = all.Where(a => a.Ticket.Status == TicketStatus.Cancelled).Select(a => a.Index).ToHashSet();
        Assert.All(all, a => Assert.True(a.Ticket.Status is TicketStatus.Completed or TicketStatus.Cancelled));
        // A cancelled broadcast may have run on some cores before cancellation began: its exact set is unknown.
        foreach ((long index, Ticket ticket) in all)
            if (ticket.Status == TicketStatus.Cancelled) ledger.ExpectUnknown(index);
        ledger.Verify(index => cancelled.Contains(index));
        if (drainMilliseconds > 0) Assert.Empty(cancelled); // a generous drain runs everything
    }

    [Fact]
    public void A_handler_stuck_past_the_drain_timeout_does_not_hang_disposal_and_the_calls_behind_it_end_cancelled()
    {
        var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, DrainTimeout = TimeSpan.FromMilliseconds(50) });
        using var release = new ManualResetEventSlim();
        var probe = new Probe();
        Ticket stuck = runtime.Post<Block, long>(1, 0, new CallRefs(release, probe));
        Wait.Until(() => probe.Total == 1, "the handler to start");
        Ticket behind = runtime.Post<Record, long>(1, 1, new CallRefs(probe));
        Wait.Bounded(runtime.Dispose, "disposal with a stuck handler");
        Assert.Equal(TicketStatus.Pending, behind.Status);
        release.Set();
        Assert.Throws<OperationCanceledException>(() => behind.Wait(Wait.Generous));
        Assert.Equal(TicketStatus.Cancelled, behind.Status);
        Assert.Equal(TicketStatus.Completed, stuck.Status);
        Assert.Equal(1, probe.Total);
    }

    [Fact]
    public void Disposing_a_manual_chip_runtime_runs_what_was_queued()
    {
        var chip = new ManualIpiChip();
        var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip });
        var probe = new Probe();
        for (int i = 0; i < 10; i++) runtime.Post<Record, long>(i % 2, i, new CallRefs(probe));
        runtime.Dispose();
        Assert.Equal(10, probe.Total);
    }

    [Fact]
    public async System.Threading.Tasks.Task Dispose_async_drains_without_blocking_the_caller()
    {
        var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var probe = new Probe();
        for (int i = 0; i < 100; i++) _ = runtime.Post<Record, long>(1, i, new CallRefs(probe));
        await runtime.DisposeAsync();
        Assert.Equal(100, probe.Total);
        Assert.True(runtime.IsDisposed);
    }

    public static TheoryData<string> LongDrains => new() { "30 days", "infinite" };

    [Theory]
    [MemberData(nameof(LongDrains))]
    public void A_very_long_or_infinite_drain_timeout_is_accepted_and_disposal_drains_everything(string drain)
    {
        TimeSpan timeout = drain == "infinite" ? Timeout.InfiniteTimeSpan : TimeSpan.FromDays(30);
        var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, DrainTimeout = timeout });
        var probe = new Probe();
        for (int i = 0; i < 100; i++) _ = runtime.Post<Record, long>(1, i, new CallRefs(probe));
        Wait.Bounded(runtime.Dispose, "disposal");
        Assert.Equal(100, probe.Total);
        Wait.Bounded(runtime.Dispose, "a second disposal");
    }

    [Fact]
    public void Disposal_with_several_cores_stuck_in_handlers_takes_about_one_drain_timeout_not_one_per_core()
    {
        const int Cores = 4;
        TimeSpan drain = TimeSpan.FromSeconds(2);
        var runtime = XCallRuntime.Start(new XCallOptions { Cores = Cores, DrainTimeout = drain });
        using var release = new ManualResetEventSlim();
        var probe = new Probe();
        for (int core = 0; core < Cores; core++) _ = runtime.Post<Block, long>(core, core, new CallRefs(release, probe));
        Wait.Until(() => probe.Total == Cores, "every core to be stuck");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Wait.Bounded(runtime.Dispose, "disposal with stuck cores");
        TimeSpan took = clock.Elapsed;
        release.Set();
        // One drain timeout plus a short grace; waiting a drain timeout per stuck core would take (1 + 4) × 2 s.
        Assert.True(took < drain * 3.5, $"disposal took {took.TotalSeconds:F1} s");
    }
}
