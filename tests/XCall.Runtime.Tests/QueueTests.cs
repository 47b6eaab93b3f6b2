using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace XCall.Tests;

public class QueueTests
{
    [Fact]
    public void A_try_call_on_a_full_queue_reports_busy_and_sends_nothing()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip, QueueCapacity = 4 });
        var probe = new Probe();
        for (int i = 0; i < 4; i++) Assert.True(runtime.TryPost<Record, long>(1, i, out _, new CallRefs(probe)));
        Assert.False(runtime.TryPost<Record, long>(1, 4, out Ticket busy, new CallRefs(probe)));
        Assert.Equal(TicketStatus.Completed, busy.Status);
        Assert.False(runtime.TryCall<Record, long>(1, 5, new CallRefs(probe)));
        chip.Step(1);
        Assert.Equal(new long[] { 0, 1, 2, 3 }, probe.Seen.Select(s => s.Value));
        Assert.Equal(2, runtime.GetStatistics().QueueFullEvents);
    }

    [Fact]
    public void A_try_call_to_several_cores_is_all_or_nothing_when_one_queue_is_full()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3, Chip = chip, QueueCapacity = 2 });
        var probe = new Probe();
        runtime.Post<Record, long>(2, 0, new CallRefs(probe));
        runtime.Post<Record, long>(2, 0, new CallRefs(probe));
        Assert.False(runtime.TryPost<Record, long>(Target.All, 1, out _, new CallRefs(probe)));
        chip.RunUntilIdle();
        Assert.Equal(2, probe.Total); // only the two calls sent before; none of the broadcast
        Assert.True(runtime.TryPost<Record, long>(Target.All, 1, out Ticket ticket, new CallRefs(probe)));
        chip.RunUntilIdle();
        Assert.Equal(TicketStatus.Completed, ticket.Status);
        Assert.Equal(5, probe.Total);
    }

    [Fact]
    public void With_the_throw_policy_a_full_queue_throws_a_queue_full_exception_naming_the_core()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip, QueueCapacity = 2, WhenQueueFull = FullQueuePolicy.Throw });
        var probe = new Probe();
        runtime.Post<Record, long>(1, 0, new CallRefs(probe));
        runtime.Post<Record, long>(1, 1, new CallRefs(probe));
        var error = Assert.Throws<QueueFullException>(() => runtime.Post<Record, long>(1, 2, new CallRefs(probe)));
        Assert.Equal(1, error.Core);
    }

    [Fact]
    public async Task With_the_wait_policy_a_full_queue_waits_until_the_core_frees_a_slot()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, QueueCapacity = 2 });
        using var release = new ManualResetEventSlim();
        var probe = new Probe();
        var started = new Probe();
        // One sender thread: while core 1 is busy, its lane to core 1 holds two queued calls, and a third must wait for room.
        var sender = Task.Factory.StartNew(() =>
        {
            _ = runtime.Post<Block, long>(1, 0, new CallRefs(release, started));
            Wait.Until(() => started.Total == 1, "core 1 to start the blocking call");
            _ = runtime.Post<Record, long>(1, 1, new CallRefs(probe));
            _ = runtime.Post<Record, long>(1, 2, new CallRefs(probe)); // two calls queued: the lane is full
            return runtime.Post<Record, long>(1, 3, new CallRefs(probe));
        }, TaskCreationOptions.LongRunning);
        Wait.Until(() => started.Total == 1, "core 1 to start the blocking call");
        Thread.Sleep(20);
        Assert.False(sender.IsCompleted);
        release.Set();
        (await sender.WaitAsync(Wait.Generous)).Wait();
        Assert.Equal(new long[] { 1, 2, 3 }, probe.Seen.Select(s => s.Value));
        Assert.True(runtime.GetStatistics().QueueFullEvents >= 1);
    }

    [Fact]
    public void Many_senders_to_one_core_never_overwrite_each_others_calls()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, QueueCapacity = 4 });
        var probe = new Probe();
        const int Senders = 4, PerSender = 2000;
        var threads = Enumerable.Range(0, Senders).Select(s => new Thread(() =>
        {
            Ticket last = default;
            for (int i = 0; i < PerSender; i++) last = runtime.Post<Record, long>(1, s * 1_000_000 + i, new CallRefs(probe));
            last.Wait();
        })).ToArray();
        foreach (Thread thread in threads) thread.Start();
        foreach (Thread thread in threads) Assert.True(thread.Join(Wait.Generous));
        Assert.Equal(Senders * PerSender, probe.Total);
        for (int s = 0; s < Senders; s++)
        {
            // Every value arrived exactly once, and each sender's calls ran in the order it sent them.
            long[] mine = probe.Seen.Select(x => x.Value).Where(v => v / 1_000_000 == s).ToArray();
            Assert.Equal(Enumerable.Range(0, PerSender).Select(i => (long)(s * 1_000_000 + i)), mine);
        }
    }
}
