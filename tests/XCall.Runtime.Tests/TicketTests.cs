using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using XCall.Testing;

namespace XCall.Tests;

public class TicketTests
{
    [Fact]
    public void A_ticket_stays_pending_until_its_core_runs_the_call()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip });
        var probe = new Probe();
        Ticket ticket = runtime.Post<Record, long>(1, 1, new CallRefs(probe));
        Assert.Equal(TicketStatus.Pending, ticket.Status);
        Assert.False(ticket.IsCompleted);
        chip.Step(1);
        Assert.Equal(TicketStatus.Completed, ticket.Status);
    }

    [Fact]
    public void Waiting_on_a_ticket_with_a_timeout_reports_false_while_the_call_cannot_run()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        using var release = new ManualResetEventSlim();
        Ticket blocked = runtime.Post<Block, long>(1, 0, new CallRefs(release));
        Ticket behind = runtime.Post<Record, long>(1, 0, new CallRefs(new Probe()));
        Assert.False(behind.Wait(TimeSpan.FromMilliseconds(20)));
        release.Set();
        Assert.True(behind.Wait(Wait.Generous));
        Assert.True(blocked.IsCompleted);
    }

    [Fact]
    public void Wait_all_waits_for_every_ticket()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        var probe = new Probe();
        var tickets = Enumerable.Range(0, 30).Select(i => runtime.Post<Record, long>(i % 3, i, new CallRefs(probe))).ToArray();
        Ticket.WaitAll(tickets);
        Assert.Equal(30, probe.Total);
        Assert.All(tickets, t => Assert.Equal(TicketStatus.Completed, t.Status));
    }

    [Fact]
    public void Wait_all_throws_an_aggregate_of_every_fault()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        Ticket[] tickets = [runtime.Post<Throw, long>(0, 1), runtime.Post<Record, long>(1, 2, new CallRefs(new Probe())), runtime.Post<Throw, long>(1, 3)];
        var error = Assert.Throws<AggregateException>(() => Ticket.WaitAll(tickets));
        Assert.Equal(new[] { "boom 1 on core 0", "boom 3 on core 1" }, error.InnerExceptions.Select(e => e.Message));
    }

    [Fact]
    public async Task Wait_for_issued_returns_once_every_call_issued_before_it_finished()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3, QueueCapacity = 16 });
        var probe = new Probe();
        var senders = Enumerable.Range(0, 3).Select(s => Task.Run(() =>
        {
            for (int i = 0; i < 500; i++) runtime.Post<Count, long>(i % 3, i, new CallRefs(probe));
        })).ToArray();
        await Task.WhenAll(senders).WaitAsync(Wait.Generous);
        runtime.WaitForIssued();
        Assert.Equal(1500, probe.Total);
    }

    [Fact]
    public async Task Awaiting_a_ticket_resumes_after_the_call_ran()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var probe = new Probe();
        using var release = new ManualResetEventSlim();
        Ticket blocked = runtime.Post<Block, long>(1, 0, new CallRefs(release));
        Ticket ticket = runtime.Post<Record, long>(1, 5, new CallRefs(probe));
        Task awaited = Task.Run(async () => await ticket);
        Assert.False(awaited.IsCompleted);
        release.Set();
        await awaited.WaitAsync(Wait.Generous);
        Assert.Equal(1, probe.Total);
        Assert.True(blocked.IsCompleted);
    }

    [Fact]
    public async Task Awaiting_a_faulted_ticket_throws_the_handlers_exception()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await runtime.Post<Throw, long>(1, 4));
        Assert.Equal("boom 4 on core 1", error.Message);
    }

    [Fact]
    public void A_faulted_tickets_exception_survives_the_reuse_of_its_slot()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, QueueCapacity = 4 });
        Ticket faulted = runtime.Post<Throw, long>(1, 9);
        Assert.Throws<InvalidOperationException>(() => faulted.Wait(Wait.Generous));
        var probe = new Probe();
        for (int i = 0; i < 64; i++) runtime.Post<Count, long>(1, i, new CallRefs(probe)).Wait();
        Assert.Equal(TicketStatus.Faulted, faulted.Status);
        Assert.Equal("boom 9 on core 1", faulted.Exception!.Message);
    }

    [Fact]
    public void A_completed_ticket_stays_completed_after_its_slot_is_reused()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, QueueCapacity = 4 });
        var probe = new Probe();
        Ticket first = runtime.Post<Count, long>(1, 0, new CallRefs(probe));
        for (int i = 0; i < 64; i++) runtime.Post<Count, long>(1, i, new CallRefs(probe)).Wait();
        Assert.Equal(TicketStatus.Completed, first.Status);
    }

    [Fact]
    public void The_default_ticket_is_completed()
    {
        Assert.Equal(TicketStatus.Completed, default(Ticket).Status);
        Assert.True(Ticket.Completed.Wait(TimeSpan.Zero));
    }
}
