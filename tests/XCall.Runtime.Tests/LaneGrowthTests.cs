using System;
using System.Linq;
using Xunit;
using XCall.Testing;
using XCall.Tests.Shared;

namespace XCall.Tests;

/// <summary>A sender's queue starts small and grows while its sender finds it full, up to the queue capacity.</summary>
public class LaneGrowthTests
{
    [Fact]
    public void A_queue_takes_calls_up_to_its_capacity_past_its_first_ring_and_runs_them_all_in_order()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip, QueueCapacity = 4096 });
        var probe = new Probe();
        var tickets = new Ticket[4096];
        int accepted = 0;
        while (runtime.TryPost<Record, long>(1, accepted, out Ticket ticket, new CallRefs(probe))) tickets[accepted++] = ticket;

        Assert.Equal(4096, accepted); // 16 times the first ring: the queue grew, and stopped at its capacity
        Assert.Equal(TicketStatus.Pending, tickets[0].Status);
        chip.RunUntilIdle();
        Assert.Equal(Enumerable.Range(0, 4096).Select(i => (long)i), probe.Seen.Select(s => s.Value));
        Assert.All(tickets, ticket => Assert.Equal(TicketStatus.Completed, ticket.Status));
        Assert.True(runtime.TryPost<Record, long>(1, 4096, out _, new CallRefs(probe)));
    }

    [Fact]
    public void Calls_still_queued_in_the_smaller_ring_count_against_the_capacity_until_the_core_reaches_the_larger_one()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip, QueueCapacity = 1024 });
        var probe = new Probe();
        int sent = 0;
        for (; sent < Lane.InitialCalls; sent++) Assert.True(runtime.TryPost<Record, long>(1, sent, out _, new CallRefs(probe)));
        Assert.Equal(100, chip.Step(1, 100));

        while (runtime.TryPost<Record, long>(1, sent, out _, new CallRefs(probe))) sent++;

        Assert.Equal(1024 + 100, sent); // never more than 1,024 queued at once
        chip.RunUntilIdle();
        Assert.Equal(Enumerable.Range(0, sent).Select(i => (long)i), probe.Seen.Select(s => s.Value));
    }

    [Fact]
    public void A_batch_larger_than_the_first_ring_is_delivered_whole_and_in_order()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip, QueueCapacity = 4096 });
        var probe = new Probe();
        using (CallBatch batch = runtime.Batch(1))
        {
            for (int i = 0; i < 1000; i++) batch.Post<Record, long>(i, new CallRefs(probe));
        }
        chip.RunUntilIdle();
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), probe.Seen.Select(s => s.Value));
    }

    [Fact]
    public void A_call_to_several_cores_that_finds_one_queue_full_grows_it_instead_of_waiting()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3, Chip = chip, QueueCapacity = 1024 });
        var probe = new Probe();
        for (int i = 0; i < Lane.InitialCalls; i++) runtime.Post<Record, long>(2, i, new CallRefs(probe));

        Assert.True(runtime.TryPost<Record, long>(Target.All, -1, out Ticket ticket, new CallRefs(probe)));
        chip.RunUntilIdle();
        Assert.Equal(TicketStatus.Completed, ticket.Status);
        Assert.Equal(Lane.InitialCalls + 3, probe.Total);
        Assert.Equal(-1, probe.Seen.Where(s => s.Core == 2).Last().Value); // after every call sent before it
    }

    [Fact]
    public void A_queue_that_grew_to_its_capacity_allocates_nothing_more()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip, QueueCapacity = 4096 });
        var probe = new Probe();
        var refs = new CallRefs(probe);
        while (runtime.TryPost<Count, long>(1, 0, out _, refs))
        {
        }
        chip.RunUntilIdle();

        long before = GC.GetAllocatedBytesForCurrentThread(); // the manual chip runs the core on this thread too
        using (NoCollections.Begin())
        {
            for (int round = 0; round < 100; round++)
            {
                for (int i = 0; i < 4096; i++) runtime.Post<Count, long>(1, i, refs);
                chip.RunUntilIdle();
            }
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(4096 * 101, probe.Total);
    }
}
