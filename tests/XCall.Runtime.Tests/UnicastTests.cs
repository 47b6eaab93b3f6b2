using System;
using System.Linq;
using System.Threading;
using Xunit;
using XCall.Testing;

namespace XCall.Tests;

public class UnicastTests
{
    [Fact]
    public void A_sync_call_to_one_core_returns_the_handlers_result_computed_on_that_core()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        Assert.Equal(72, runtime.Call<Scale, long, long>(2, 7));
        Assert.Equal(2, (int)runtime.Call<WhereAmI, long, long>(2, 0));
    }

    [Fact]
    public void A_call_runs_on_the_cores_own_thread_not_the_callers()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        long packed = runtime.Call<WhereAmI, long, long>(1, 0);
        Assert.NotEqual(Environment.CurrentManagedThreadId, (int)(packed >> 32));
        Assert.Equal(packed, runtime.Call<WhereAmI, long, long>(1, 0)); // the same dedicated thread every time
    }

    [Fact]
    public void An_async_call_returns_a_ticket_that_completes_after_the_handler_ran()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var probe = new Probe();
        Ticket ticket = runtime.Post<Record, long>(1, 42, new CallRefs(probe));
        Assert.True(ticket.Wait(Wait.Generous));
        Assert.Equal(TicketStatus.Completed, ticket.Status);
        Assert.Equal((1, 42L), probe.Seen.Select(s => (s.Core, s.Value)).Single());
    }

    [Fact]
    public void References_travel_with_the_call_and_a_reference_result_comes_back()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        Assert.Equal("hello from core 1", runtime.Call<Greet, long, string>(1, 0, new CallRefs("hello")));
    }

    [Fact]
    public void A_payload_of_exactly_the_slot_size_arrives_intact()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var full = new Full();
        long expected = 0;
        unsafe
        {
            for (int i = 0; i < XCallRuntime.MaxPayloadSize; i++)
            {
                full.Bytes[i] = (byte)(i * 7);
                expected += (byte)(i * 7);
            }
        }
        Assert.Equal(expected, runtime.Call<SumFull, Full, long>(1, full));
    }

    [Fact]
    public void A_call_from_a_core_to_itself_runs_inline_on_the_calling_thread()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        // Core 0 asks core 0 (itself) where it is: the inner call must run inline, on core 0's own thread.
        long outer = runtime.Call<WhereAmI, long, long>(0, 0);
        long inner = runtime.Call<Relay, long, long>(0, 0);
        Assert.Equal(outer, inner);
    }

    [Fact]
    public void A_call_chain_from_core_a_to_b_and_back_to_a_does_not_deadlock()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, PollWindow = TimeSpan.Zero });
        Wait.Bounded(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                // Core 0 calls core 1, which calls core 0 back while core 0 waits: core 0 must serve it.
                long answer = runtime.Call<Boomerang, long, long>(0, 1);
                Assert.Equal(0, (int)answer);
            }
        }, "A → B → A call chains");
    }

    [Fact]
    public void Calls_from_one_sender_to_one_core_run_in_the_order_they_were_sent()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, QueueCapacity = 8 });
        var probe = new Probe();
        Ticket last = default;
        for (int i = 0; i < 1000; i++) last = runtime.Post<Record, long>(1, i, new CallRefs(probe));
        last.Wait();
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), probe.Seen.Select(s => s.Value));
    }

    [Fact]
    public void High_priority_calls_run_before_normal_calls_already_queued()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip });
        var probe = new Probe();
        for (int i = 0; i < 5; i++) runtime.Post<Record, long>(1, i, new CallRefs(probe));
        runtime.Post<Record, long>(1, 100, new CallRefs(probe), CallPriority.High);
        chip.Step(1);
        Assert.Equal(new long[] { 100, 0, 1, 2, 3, 4 }, probe.Seen.Select(s => s.Value));
    }

    [Fact]
    public void A_core_reports_the_core_that_sent_the_call()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        Assert.Equal(-1, runtime.Call<Sender, long, int>(1, 0)); // from a thread that is not a core
        Assert.Equal(0, runtime.Call<AskSender, long, int>(0, 1)); // core 0 asks core 1 who sent
    }

    private struct Sender : ICrossCallHandler<long>
    {
        public static string Name => "Tests.Sender";

        public static void Invoke(in long value, ref CallFrame frame) => frame.SetResult(frame.SenderCore);
    }

    private struct AskSender : ICrossCallHandler<long>
    {
        public static string Name => "Tests.AskSender";

        public static void Invoke(in long target, ref CallFrame frame) =>
            frame.SetResult(frame.Runtime.Call<Sender, long, int>((int)target, 0));
    }
}
