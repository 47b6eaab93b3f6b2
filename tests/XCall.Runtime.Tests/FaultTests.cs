using System;
using System.Collections.Concurrent;
using System.Linq;
using Xunit;

namespace XCall.Tests;

public class FaultTests
{
    [Fact]
    public void A_throwing_handler_does_not_kill_its_core()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        for (int i = 0; i < 100; i++) Assert.Throws<InvalidOperationException>(() => runtime.Call<Throw, long>(1, i));
        Assert.Equal(11, runtime.Call<Scale, long, long>(1, 1));
    }

    [Fact]
    public void A_sync_caller_gets_the_handlers_own_exception_with_its_stack_trace()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var error = Assert.Throws<InvalidOperationException>(() => runtime.Call<Throw, long>(1, 3));
        Assert.Equal("boom 3 on core 1", error.Message);
        Assert.Contains(nameof(Throw), error.StackTrace);
    }

    [Fact]
    public void An_async_fault_lands_on_the_ticket_the_event_and_the_counter()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var reports = new ConcurrentQueue<HandlerFaultedEventArgs>();
        runtime.HandlerFaulted += (_, e) => reports.Enqueue(e);
        Ticket ticket = runtime.Post<Throw, long>(1, 8);
        Assert.Throws<InvalidOperationException>(() => ticket.Wait());
        Assert.Equal(TicketStatus.Faulted, ticket.Status);
        Assert.Equal("boom 8 on core 1", ticket.Exception!.Message);
        HandlerFaultedEventArgs report = Assert.Single(reports);
        Assert.Equal((1, "Tests.Throw", "boom 8 on core 1"), (report.Core, report.Handler, report.Exception.Message));
        Assert.Equal(new long[] { 0, 1 }, runtime.GetStatistics().FaultsPerCore);
    }

    [Fact]
    public void An_observer_that_throws_does_not_hurt_the_core()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        runtime.HandlerFaulted += (_, _) => throw new Exception("observer");
        Assert.Equal("boom 1 on core 1", Assert.Throws<InvalidOperationException>(() => runtime.Call<Throw, long>(1, 1)).Message);
        Assert.Equal(11, runtime.Call<Scale, long, long>(1, 1));
    }

    [Fact]
    public void A_fault_in_an_inline_call_is_reported_like_any_other()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        int events = 0;
        runtime.HandlerFaulted += (_, _) => System.Threading.Interlocked.Increment(ref events);
        Assert.True(runtime.Call<ThrowInline, long, bool>(1, 0));
        Assert.Equal(1, events);
    }

    [Fact]
    public void An_async_call_to_several_cores_faults_its_ticket_with_every_cores_exception()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        Ticket ticket = runtime.Post<Throw, long>(Target.All, 2);
        var error = Assert.Throws<AggregateException>(() => ticket.Wait());
        Assert.Equal(3, error.InnerExceptions.Count);
        Assert.Equal(TicketStatus.Faulted, ticket.Status);
    }

    /// <summary>Calls Throw on its own core (inline) and reports whether the exception reached it.</summary>
    private struct ThrowInline : ICrossCallHandler<long>
    {
        public static string Name => "Tests.ThrowInline";

        public static void Invoke(in long value, ref CallFrame frame)
        {
            try
            {
                frame.Runtime.Call<Throw, long>(frame.Core, value);
                frame.SetResult(false);
            }
            catch (InvalidOperationException)
            {
                frame.SetResult(true);
            }
        }
    }
}
