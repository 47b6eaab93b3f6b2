using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Xunit;

namespace XCall.Tests;

/// <summary>
/// Every wait on a core keeps serving that core's queue, at any depth and whatever the queue capacity, so chains of
/// cores calling each other finish; a wait that truly cannot end fails with an exception naming the cycle.
/// </summary>
public class NestingTests
{
    public static TheoryData<int> Capacities => new() { 2, 256 };

    [Theory]
    [MemberData(nameof(Capacities))]
    public void A_sync_ping_pong_a_thousand_calls_deep_between_two_cores_returns(int capacity)
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, QueueCapacity = capacity });
        long depth = 0;
        Wait.Bounded(() => depth = runtime.Call<PingPong, long, long>(0, 1000), "a 1,000-deep ping-pong");
        Assert.Equal(1000, depth);
    }

    [Theory]
    [MemberData(nameof(Capacities))]
    public void Recursive_broadcasts_deeper_than_the_queue_return(int capacity)
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3, QueueCapacity = capacity });
        var probe = new Probe();
        Wait.Bounded(() => runtime.Call<Spread, long>(0, 40, new CallRefs(probe)), "recursive broadcasts 40 deep");
        Assert.Equal(1 + 2 * 40, probe.Total); // each level runs on the two other cores, one of which goes on
    }

    [Theory]
    [MemberData(nameof(Capacities))]
    public void An_async_echo_between_two_cores_that_doubles_its_calls_finishes(int capacity)
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, QueueCapacity = capacity });
        var probe = new Probe();
        runtime.Post<Echo, long>(0, 14, new CallRefs(probe));
        Wait.Until(() => probe.Total == (1 << 15) - 1, "every echo to run");
        Assert.True(runtime.WaitForIssued(Wait.Generous));
        Assert.Equal((1 << 15) - 1, probe.Total);
    }

    [Fact]
    public void A_chain_too_deep_for_the_core_stack_fails_with_a_clear_exception_instead_of_crashing()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, CoreStackSize = 256 << 10 });
        Exception? error = null;
        Wait.Bounded(() => error = Xunit.Record.Exception(() => runtime.Call<PingPong, long, long>(0, 1_000_000)), "a chain deeper than the stack");
        var tooDeep = Assert.IsType<InsufficientExecutionStackException>(error);
        Assert.Contains("cannot serve its queue any deeper", tooDeep.Message);
        Assert.Equal(5, runtime.Call<PingPong, long, long>(1, 5)); // both cores still serve
    }

    [Fact]
    public void A_handler_that_waits_for_its_own_ticket_gets_a_deadlock_exception_naming_it()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var self = new StrongBox<Ticket>();
        using var published = new ManualResetEventSlim();
        Ticket ticket = runtime.Post<WaitForTicket, long>(1, 0, new CallRefs(self, published));
        self.Value = ticket;
        published.Set();
        var error = Assert.Throws<XCallDeadlockException>(() => ticket.Wait(Wait.Generous));
        Assert.Contains("Tests.WaitForTicket on core 1", error.Message);
        Assert.Contains("further up core 1's own stack", error.Message);
    }

    [Fact]
    public void Two_cores_each_waiting_for_a_call_further_up_the_others_stack_get_a_deadlock_exception()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var outer = new StrongBox<Ticket>();
        using var published = new ManualResetEventSlim();
        // Core 0 runs AskBack, which waits for core 1 to run WaitForTicket, which waits for AskBack's own ticket.
        Ticket ticket = runtime.Post<AskBack, long>(0, 1, new CallRefs(outer, published));
        outer.Value = ticket;
        published.Set();
        var error = Assert.Throws<XCallDeadlockException>(() => ticket.Wait(Wait.Generous));
        // Either core may find the cycle first; the message names both waiting calls and their cores.
        Assert.StartsWith("Wait cycle: core ", error.Message);
        Assert.Contains("Tests.AskBack on core 0", error.Message);
        Assert.Contains("Tests.WaitForTicket on core 1", error.Message);
    }

    [Fact]
    public void A_core_waiting_on_another_runtime_serves_its_own_queue_so_a_call_back_into_it_returns()
    {
        using var first = XCallRuntime.Start(new XCallOptions { Cores = 2, Name = "first" });
        using var second = XCallRuntime.Start(new XCallOptions { Cores = 2, Name = "second" });
        long answer = 0;
        Wait.Bounded(() => answer = first.Call<AcrossRuntimes, long, long>(0, 3, new CallRefs(second, first)), "a call across runtimes and back");
        Assert.Equal(3, answer);
    }

    [Fact]
    public void RunPending_completes_each_call_it_runs_at_once_and_frees_its_room()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, QueueCapacity = 2 });
        using var stop = new ManualResetEventSlim();
        var probe = new Probe();
        var started = new Probe();
        Ticket looping = default;
        var other = new Thread(() => looping = runtime.Post<LoopRunningPending, long>(1, 0, new CallRefs(stop, started)));
        other.Start();
        Assert.True(other.Join(Wait.Generous));
        Wait.Until(() => started.Total == 1, "core 1 to start looping");
        for (int round = 0; round < 5; round++)
        {
            // Two calls fill this thread's lane; they run inside the looping handler, and their tickets and room come back.
            Ticket a = runtime.Post<Record, long>(1, round, new CallRefs(probe));
            Ticket b = runtime.Post<Record, long>(1, round, new CallRefs(probe));
            a.Wait(Wait.Generous);
            b.Wait(Wait.Generous);
            Assert.True(runtime.TryPost<Record, long>(1, round, out Ticket c, new CallRefs(probe)));
            c.Wait(Wait.Generous);
        }
        Assert.False(looping.IsCompleted);
        stop.Set();
        looping.Wait(Wait.Generous);
        Assert.Equal(15, probe.Total);
    }

    [Fact]
    public void Taking_a_core_offline_from_a_handler_while_that_core_calls_back_finishes()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        using var go = new ManualResetEventSlim();
        var request = new XCallRequest();
        request.Prepare<CallBackAfter, long>(0, new CallRefs(go));
        Ticket callingBack = runtime.Post(1, request);
        Wait.Bounded(() => runtime.Call<TakeOtherOffline, long>(0, 1, new CallRefs(go)), "TakeOffline while the offline core calls back");
        callingBack.Wait(Wait.Generous);
        Assert.False(runtime.IsOnline(1));
    }

    [Fact]
    public void Unregistering_an_ipi_handler_from_a_handler_while_it_runs_elsewhere_and_calls_back_finishes()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        CallBackIpi.Go.Reset();
        CallBackIpi.Runtime = runtime;
        IpiRegistration registration = runtime.RegisterIpiHandler<CallBackIpi, long>(9);
        Ticket message = runtime.SendIpi(1, 9, 0L);
        Wait.Bounded(() => runtime.Call<Unregister, long>(0, 0, new CallRefs(registration, CallBackIpi.Go)), "unregistration while the handler calls back");
        message.Wait(Wait.Generous);
        Assert.True(registration.IsRemoved);
    }

    /// <summary>value 0: returns 0; otherwise 1 + the other core's answer for value − 1.</summary>
    private struct PingPong : ICrossCallHandler<long>
    {
        public static string Name => "Tests.PingPong";

        public static void Invoke(in long value, ref CallFrame frame) =>
            frame.SetResult(value == 0 ? 0 : 1 + frame.Runtime.Call<PingPong, long, long>(1 - frame.Core, value - 1));
    }

    /// <summary>Counts, then (while levels remain) broadcasts one level less to the other cores, synchronously; only core (sender + 1) goes on.</summary>
    private struct Spread : ICrossCallHandler<long>
    {
        public static string Name => "Tests.Spread";

        public static void Invoke(in long levels, ref CallFrame frame)
        {
            frame.Ref<Probe>(0)!.Count(frame.Core);
            if (levels > 0) frame.Runtime.Call<SpreadLevel, long>(Target.Others, levels, new CallRefs(frame.Ref<Probe>(0)));
        }
    }

    private struct SpreadLevel : ICrossCallHandler<long>
    {
        public static string Name => "Tests.SpreadLevel";

        public static void Invoke(in long levels, ref CallFrame frame)
        {
            frame.Ref<Probe>(0)!.Count(frame.Core);
            if (frame.Core == (frame.SenderCore + 1) % frame.Runtime.CoreCount && levels > 1)
                frame.Runtime.Call<SpreadLevel, long>(Target.Others, levels - 1, new CallRefs(frame.Ref<Probe>(0)));
        }
    }

    /// <summary>Counts, then posts two echoes of one level less to the other core.</summary>
    private struct Echo : ICrossCallHandler<long>
    {
        public static string Name => "Tests.Echo";

        public static void Invoke(in long level, ref CallFrame frame)
        {
            frame.Ref<Probe>(0)!.Count(frame.Core);
            if (level == 0) return;
            var refs = new CallRefs(frame.Ref<Probe>(0));
            frame.Runtime.Post<Echo, long>(1 - frame.Core, level - 1, refs);
            frame.Runtime.Post<Echo, long>(1 - frame.Core, level - 1, refs);
        }
    }

    /// <summary>Waits for the ticket in reference 0 (once reference 1 says it is there).</summary>
    private struct WaitForTicket : ICrossCallHandler<long>
    {
        public static string Name => "Tests.WaitForTicket";

        public static void Invoke(in long value, ref CallFrame frame)
        {
            if (!frame.Ref<ManualResetEventSlim>(1)!.Wait(Wait.Generous)) throw new TimeoutException("no ticket");
            frame.Ref<StrongBox<Ticket>>(0)!.Value.Wait(Wait.Generous);
        }
    }

    /// <summary>Sync-calls WaitForTicket on core `value` with its own references.</summary>
    private struct AskBack : ICrossCallHandler<long>
    {
        public static string Name => "Tests.AskBack";

        public static void Invoke(in long target, ref CallFrame frame) =>
            frame.Runtime.Call<WaitForTicket, long>((int)target, 0, new CallRefs(frame.Ref<object>(0), frame.Ref<object>(1)));
    }

    /// <summary>On runtime `first`'s core: asks runtime `second` (reference 0) to call back into `first` (reference 1).</summary>
    private struct AcrossRuntimes : ICrossCallHandler<long>
    {
        public static string Name => "Tests.AcrossRuntimes";

        public static void Invoke(in long value, ref CallFrame frame) =>
            frame.SetResult(frame.Ref<XCallRuntime>(0)!.Call<CallBack, long, long>(1, value, new CallRefs(frame.Ref<XCallRuntime>(1))));
    }

    private struct CallBack : ICrossCallHandler<long>
    {
        public static string Name => "Tests.CallBack";

        public static void Invoke(in long value, ref CallFrame frame) =>
            frame.SetResult(frame.Ref<XCallRuntime>(0)!.Call<PingPong, long, long>(0, value));
    }

    /// <summary>Counts in reference 1, then runs its core's queue until reference 0 is set.</summary>
    private struct LoopRunningPending : ICrossCallHandler<long>
    {
        public static string Name => "Tests.LoopRunningPending";

        public static void Invoke(in long value, ref CallFrame frame)
        {
            frame.Ref<Probe>(1)!.Count(frame.Core);
            ManualResetEventSlim stop = frame.Ref<ManualResetEventSlim>(0)!;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!stop.IsSet && clock.Elapsed < Wait.Generous) frame.Runtime.RunPending();
        }
    }

    /// <summary>Waits for reference 0, then calls core 0 synchronously.</summary>
    private struct CallBackAfter : ICrossCallHandler<long>
    {
        public static string Name => "Tests.CallBackAfter";

        public static void Invoke(in long value, ref CallFrame frame)
        {
            if (!frame.Ref<ManualResetEventSlim>(0)!.Wait(Wait.Generous)) throw new TimeoutException("never told to go");
            frame.Runtime.Call<PingPong, long, long>(0, 0);
        }
    }

    /// <summary>Sets reference 0, then takes core `value` offline.</summary>
    private struct TakeOtherOffline : ICrossCallHandler<long>
    {
        public static string Name => "Tests.TakeOtherOffline";

        public static void Invoke(in long core, ref CallFrame frame)
        {
            frame.Ref<ManualResetEventSlim>(0)!.Set();
            frame.Runtime.TakeOffline((int)core);
        }
    }

    /// <summary>Waits for <see cref="Go"/>, then calls core 0 synchronously.</summary>
    private struct CallBackIpi : IIpiHandler<long>
    {
        public static readonly ManualResetEventSlim Go = new();
        public static XCallRuntime? Runtime;

        public static string Name => "Tests.CallBackIpi";

        public static void Handle(in IpiContext context, in long message)
        {
            if (!Go.Wait(Wait.Generous)) throw new TimeoutException("never told to go");
            Runtime!.Call<PingPong, long, long>(0, 0);
        }
    }

    /// <summary>Sets reference 1, then unregisters reference 0.</summary>
    private struct Unregister : ICrossCallHandler<long>
    {
        public static string Name => "Tests.Unregister";

        public static void Invoke(in long value, ref CallFrame frame)
        {
            frame.Ref<ManualResetEventSlim>(1)!.Set();
            frame.Ref<IpiRegistration>(0)!.Unregister();
        }
    }
}
