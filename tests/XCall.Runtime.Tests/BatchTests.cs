using System;
using System.Linq;
using System.Threading;
using XCall.Tests.Shared;
using Xunit;
using XCall.Testing;

namespace XCall.Tests;

/// <summary>A batch of async calls to one core: written as posted, published at once, in order, exactly once.</summary>
public class BatchTests
{
    [Fact]
    public void A_batchs_calls_reach_the_core_only_when_it_is_published_and_then_run_in_order()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip });
        var probe = new Probe();
        Ticket last;
        using (CallBatch batch = runtime.Batch(1))
        {
            for (int i = 0; i < 10; i++) batch.Post<Record, long>(i, new CallRefs(probe));
            last = batch.Post<Record, long>(10, new CallRefs(probe));
            Assert.False(chip.HasPending(1)); // nothing is visible before the batch is published
        }
        Assert.True(chip.HasPending(1));
        Assert.Equal(1, chip.WakeupsSent(1)); // one wake-up for the whole batch
        chip.RunUntilIdle();
        Assert.Equal(Enumerable.Range(0, 11).Select(i => (long)i), probe.Seen.Select(s => s.Value));
        Assert.Equal(TicketStatus.Completed, last.Status);
    }

    [Fact]
    public void A_batch_larger_than_the_queue_is_published_in_parts_and_every_call_runs_once()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, QueueCapacity = 4 });
        var probe = new Probe();
        Wait.Bounded(() =>
        {
            using CallBatch batch = runtime.Batch(1);
            for (int i = 0; i < 1000; i++) batch.Post<Record, long>(i, new CallRefs(probe));
        }, "a batch of 1,000 calls into a queue of 4");
        Assert.True(runtime.WaitForIssued(Wait.Generous));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), probe.Seen.Select(s => s.Value));
    }

    [Fact]
    public void Waiting_on_a_call_of_the_open_batch_publishes_the_batch_first()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var probe = new Probe();
        Wait.Bounded(() =>
        {
            using CallBatch batch = runtime.Batch(1);
            Ticket first = batch.Post<Record, long>(1, new CallRefs(probe));
            first.Wait(Wait.Generous); // would wait forever on an unpublished call
            Assert.Equal(42, runtime.Call<Scale, long, long>(1, 4) + 1); // a sync call from the same thread too
            batch.Post<Record, long>(2, new CallRefs(probe));
        }, "waits inside an open batch");
        Assert.True(runtime.WaitForIssued(Wait.Generous));
        Assert.Equal(new long[] { 1, 2 }, probe.Seen.Select(s => s.Value));
    }

    [Fact]
    public void Disposal_waits_for_an_open_batch_and_runs_every_call_it_accepted()
    {
        var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var probe = new Probe();
        using var posted = new ManualResetEventSlim();
        using var finish = new ManualResetEventSlim();
        var sender = new Thread(() =>
        {
            using CallBatch batch = runtime.Batch(1);
            for (int i = 0; i < 5; i++) batch.Post<Record, long>(i, new CallRefs(probe));
            posted.Set();
            finish.Wait(Wait.Generous);
        });
        sender.Start();
        Assert.True(posted.Wait(Wait.Generous));
        var disposer = new Thread(runtime.Dispose);
        disposer.Start();
        Wait.Until(() => runtime.IsDisposed, "disposal to begin");
        Assert.False(disposer.Join(50)); // the batch is still open
        finish.Set();
        Assert.True(disposer.Join(Wait.Generous));
        Assert.True(sender.Join(Wait.Generous));
        Assert.Equal(5, probe.Total);
        Assert.Throws<ObjectDisposedException>(() => runtime.Batch(1));
    }

    [Fact]
    public void A_thread_has_one_open_batch_at_a_time_and_a_disposed_batch_refuses_calls()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        CallBatch batch = runtime.Batch(1);
        Assert.Contains("already has an open batch", Assert.Throws<InvalidOperationException>(() => runtime.Batch(0)).Message);
        batch.Dispose();
        Assert.Throws<ObjectDisposedException>(() => batch.Post<Count, long>(0, new CallRefs(new Probe())));
        using CallBatch again = runtime.Batch(0);
        Assert.Same(batch, again); // reused: batches allocate nothing
    }

    [Fact]
    public void Batches_from_several_threads_each_arrive_whole_in_order_and_exactly_once()
    {
        const int Senders = 4, Batches = 500, PerBatch = 10;
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, QueueCapacity = 8 });
        var probe = new Probe();
        Wait.Bounded(() =>
        {
            var threads = Enumerable.Range(0, Senders).Select(sender => new Thread(() =>
            {
                for (int b = 0; b < Batches; b++)
                {
                    using CallBatch batch = runtime.Batch(b % 2);
                    for (int i = 0; i < PerBatch; i++) batch.Post<Record, long>((long)sender << 32 | (uint)(b * PerBatch + i), new CallRefs(probe));
                }
            })).ToArray();
            foreach (Thread thread in threads) thread.Start();
            foreach (Thread thread in threads) thread.Join();
            Assert.True(runtime.WaitForIssued(Wait.Generous));
        }, "batches from several threads");
        Assert.Equal(Senders * Batches * PerBatch, probe.Total);
        foreach (var group in probe.Seen.GroupBy(s => (s.Value >> 32, s.Core)))
        {
            long[] order = group.Select(s => s.Value & 0xFFFFFFFF).ToArray();
            Assert.Equal(order.Order(), order); // per sender and core, in the order posted
        }
    }

    [Fact]
    public void A_core_that_sends_during_its_batch_wakes_the_parked_target_core()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip });
        var probe = new Probe();
        runtime.Post<PostFive, long>(0, 0, new CallRefs(probe));
        chip.Step(0);
        Assert.Equal(1, chip.WakeupsSent(1));
        chip.RunUntilIdle();
        Assert.Equal(5, probe.On(1));
    }

    [Fact]
    public void Batched_calls_allocate_nothing()
    {
        // A queue that cannot grow: growing allocates its larger ring, once per size (see LaneGrowthTests).
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, QueueCapacity = Lane.InitialCalls });
        var refs = new CallRefs(new Probe());
        for (int round = 0; round < 100; round++) SendBatch(runtime, refs); // warm up
        Assert.True(runtime.WaitForIssued(Wait.Generous));
        long before = GC.GetAllocatedBytesForCurrentThread();
        using (NoCollections.Begin())
        {
            for (int round = 0; round < 10_000; round++) SendBatch(runtime, refs);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(runtime.WaitForIssued(Wait.Generous));
        Assert.Equal(0, allocated);
    }

    private static void SendBatch(XCallRuntime runtime, CallRefs refs)
    {
        using CallBatch batch = runtime.Batch(1);
        for (int i = 0; i < 10; i++) batch.Post<Count, long>(i, refs);
    }

    /// <summary>Posts five Records to core 1.</summary>
    private struct PostFive : ICrossCallHandler<long>
    {
        public static string Name => "Tests.PostFive";

        public static void Invoke(in long value, ref CallFrame frame)
        {
            for (int i = 0; i < 5; i++) frame.Runtime.Post<Record, long>(1, i, new CallRefs(frame.Ref<Probe>(0)));
        }
    }
}
