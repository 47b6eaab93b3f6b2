using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using XCall.Testing;

namespace XCall.Tests;

/// <summary>Awaiting calls and tickets: no thread blocked, cancellation and timeouts on every wait, contexts honoured.</summary>
public class AwaitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Awaited_calls_return_each_cores_value()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        long[] values = await Task.WhenAll(Enumerable.Range(0, 3).Select(core => runtime.CallAsync<Scale, long, long>(core, 5).AsTask()));
        Assert.Equal(new long[] { 50, 51, 52 }, values);
        await runtime.CallAsync<Count, long>(1, 0, refs: new CallRefs(new Probe()));
    }

    [Fact]
    public async Task An_awaited_call_to_several_cores_delivers_each_cores_value_into_memory()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        long[] results = [-1, -1, -1];
        int ran = await runtime.CallAsync<Scale, long, long>(Target.InMask(CoreMask.Of(0, 2)), 7, results.AsMemory());
        Assert.Equal(2, ran);
        Assert.Equal(new long[] { 70, -1, 72 }, results);
        Assert.Equal(3, await runtime.CallAsync<Scale, long>(Target.All, 1));
    }

    [Fact]
    public async Task An_awaited_handler_fault_surfaces_at_the_await()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await runtime.CallAsync<Throw, long, long>(1, 3));
        Assert.Equal("boom 3 on core 1", error.Message);
    }

    [Fact]
    public async Task A_pre_cancelled_token_runs_nothing()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var probe = new Probe();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await runtime.CallAsync<Record, long>(1, 1, new CancellationToken(canceled: true), new CallRefs(probe)));
        Assert.True(runtime.WaitForIssued(Wait.Generous));
        Assert.Equal(0, probe.Total);
    }

    [Fact]
    public async Task Cancelling_before_the_core_takes_the_call_ends_the_await_and_the_handler_never_runs()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        using var gate = new ManualResetEventSlim();
        var started = new Probe();
        var probe = new Probe();
        _ = runtime.Post<Block, long>(1, 0, new CallRefs(gate, started));
        Wait.Until(() => started.Total == 1, "core 1 to block");
        using var cancel = new CancellationTokenSource();
        ValueTask<long> call = runtime.CallAsync<RecordAndAnswer, long, long>(1, 9, cancel.Token, new CallRefs(probe));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await call);
        gate.Set();
        Assert.True(runtime.WaitForIssued(Wait.Generous));
        Assert.Equal(0, probe.Total);
    }

    [Fact]
    public async Task Cancelling_a_call_already_running_ends_the_await_at_once_and_the_call_finishes_on_its_core()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        using var gate = new ManualResetEventSlim();
        var started = new Probe();
        using var cancel = new CancellationTokenSource();
        ValueTask<long> call = runtime.CallAsync<Block, long, long>(1, 4, cancel.Token, new CallRefs(gate, started));
        Wait.Until(() => started.Total == 1, "the call to start");
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await call);
        gate.Set();
        Assert.True(runtime.WaitForIssued(Wait.Generous));
        Assert.Equal(1, started.Total);
        Assert.Equal(41, await runtime.CallAsync<Scale, long, long>(1, 4)); // the core goes on
    }

    [Fact]
    public void A_sync_call_with_a_timeout_gives_up_and_a_call_its_core_had_not_started_never_runs()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        using var gate = new ManualResetEventSlim();
        var started = new Probe();
        var probe = new Probe();
        _ = runtime.Post<Block, long>(1, 0, new CallRefs(gate, started));
        Wait.Until(() => started.Total == 1, "core 1 to block");
        Assert.Throws<TimeoutException>(() => runtime.Call<RecordAndAnswer, long, long>(1, 2, TimeSpan.FromMilliseconds(20), default, new CallRefs(probe)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        Assert.ThrowsAny<OperationCanceledException>(() => runtime.Call<RecordAndAnswer, long>(1, 3, Timeout.InfiniteTimeSpan, cancel.Token, new CallRefs(probe)));
        gate.Set();
        Assert.True(runtime.WaitForIssued(Wait.Generous));
        Assert.Equal(0, probe.Total);
        Assert.Equal(21, runtime.Call<Scale, long, long>(1, 2, TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task Awaiting_a_ticket_resumes_on_the_captured_synchronization_context_and_ConfigureAwait_false_does_not()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var context = new RecordingContext();
        using var gate = new ManualResetEventSlim();
        bool onContext = false, offContext = true;
        await RunOn(context, async () =>
        {
            await runtime.Post<Count, long>(1, 0, new CallRefs(new Probe()));
            onContext = SynchronizationContext.Current == context;
            await runtime.CallAsync<Scale, long, long>(1, 1);
            onContext &= SynchronizationContext.Current == context;
            // A ticket still pending when awaited (its call waits for the gate): an await of a finished one goes on inline.
            Ticket pending = runtime.Post<Block, long>(1, 0, new CallRefs(gate, new Probe()));
            Task resumedOff = AwaitOffContext(pending, () => offContext = SynchronizationContext.Current == context);
            gate.Set();
            await resumedOff;
        });
        Assert.True(onContext);
        Assert.False(offContext);
        Assert.True(context.Posts >= 1);
    }

    [Fact]
    public async Task Ticket_waits_take_tokens_and_timeouts_and_compose_into_tasks()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        using var gate = new ManualResetEventSlim();
        var started = new Probe();
        Ticket blocked = runtime.Post<Block, long>(1, 0, new CallRefs(gate, started));
        Assert.False(blocked.Wait(TimeSpan.FromMilliseconds(10)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(10));
        Assert.ThrowsAny<OperationCanceledException>(() => blocked.Wait(cancel.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await blocked.WaitAsync(new CancellationTokenSource(TimeSpan.FromMilliseconds(10)).Token));
        Ticket after = runtime.Post<Count, long>(1, 0, new CallRefs(new Probe()));
        Task both = Task.WhenAll(blocked.AsTask(), after.AsTask());
        ValueTask all = Ticket.WhenAll(blocked, after);
        Assert.False(both.IsCompleted);
        gate.Set();
        await both.WaitAsync(Wait.Generous);
        await all;
        Ticket faulted = runtime.Post<Throw, long>(1, 1);
        await Assert.ThrowsAsync<AggregateException>(async () => await Ticket.WhenAll(after, faulted));
    }

    [Fact]
    public async Task Under_the_manual_chip_awaited_calls_and_tickets_complete_when_the_cores_are_stepped()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip });
        ValueTask<long> value = runtime.CallAsync<Scale, long, long>(1, 3);
        Ticket ticket = runtime.Post<Count, long>(1, 0, new CallRefs(new Probe()));
        Task awaitedTicket = AwaitTicket(ticket);
        Assert.False(value.IsCompleted);
        Assert.False(awaitedTicket.IsCompleted);
        chip.RunUntilIdle();
        Assert.Equal(31, await value.AsTask().WaitAsync(Wait.Generous));
        await awaitedTicket.WaitAsync(Wait.Generous);
    }

    [Fact]
    public async Task With_a_full_queue_an_awaited_call_waits_for_room_without_blocking_its_thread()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, QueueCapacity = 2 });
        using var gate = new ManualResetEventSlim();
        var started = new Probe();
        var probe = new Probe();
        ValueTask<long> waiting = default;
        var sender = new Thread(() =>
        {
            _ = runtime.Post<Block, long>(1, 0, new CallRefs(gate, started));
            Wait.Until(() => started.Total == 1, "core 1 to block");
            _ = runtime.Post<Record, long>(1, 1, new CallRefs(probe));
            _ = runtime.Post<Record, long>(1, 2, new CallRefs(probe)); // the lane is full
            waiting = runtime.CallAsync<RecordAndAnswer, long, long>(1, 3, default, new CallRefs(probe)); // returns at once
        });
        sender.Start();
        Assert.True(sender.Join(Wait.Generous), "the sender blocked on a full queue");
        Assert.False(waiting.IsCompleted);
        gate.Set();
        Assert.Equal(30, await waiting.AsTask().WaitAsync(Wait.Generous));
        Assert.Equal(new long[] { 1, 2, 3 }, probe.Seen.Select(s => s.Value));
    }

    [Fact]
    public async Task A_hundred_thousand_awaited_calls_allocate_nothing_per_call_in_steady_state()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        await Loop(runtime, 100_000); // warm up: pools fill, methods are compiled, the thread pool settles
        // Counted process-wide (continuations resume on pool threads), over rounds in which no new thread joined: a
        // thread's first send makes its queues once, which is not a per-call cost. The least of five rounds is judged:
        // an object allocated per call would be 24 bytes or more per call (2.4 MB here) in every round, while the
        // thread pool's and the test host's own bookkeeping on a busy machine comes and goes (measured outside the test
        // host: 0.002 bytes per call).
        long least = long.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            int contexts = runtime.Contexts.Length;
            long before = GC.GetTotalAllocatedBytes(precise: true);
            long sum = await Loop(runtime, 100_000);
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Assert.Equal(100_000L * 10 + 100_000, sum);
            output.WriteLine($"round {round}: {allocated} bytes for 100,000 awaited calls ({allocated / 100_000.0:F4} per call), {runtime.Contexts.Length - contexts} new sender threads");
            if (runtime.Contexts.Length == contexts) least = Math.Min(least, allocated);
        }
        Assert.True(least != long.MaxValue, "new threads joined in every round");
        Assert.True(least < 100_000, $"at least {least} bytes for 100,000 awaited calls in every round");
    }

    [Fact]
    public void Inside_a_handler_the_runtime_is_at_hand()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        Assert.Null(XCallRuntime.Current);
        Assert.Equal(1, runtime.Call<AskCurrent, long, long>(1, 0));
    }

    /// <summary>Awaits calls one after another, resuming on the thread pool: the test framework's synchronization context
    /// (like any captured context) costs an allocation per resumption of its own.</summary>
    private static async Task<long> Loop(XCallRuntime runtime, int calls)
    {
        long sum = 0;
        for (int i = 0; i < calls; i++) sum += await runtime.CallAsync<Scale, long, long>(1, 1).ConfigureAwait(false);
        return sum;
    }

    private static async Task AwaitTicket(Ticket ticket) => await ticket;

    private static async Task AwaitOffContext(Ticket ticket, Action then)
    {
        await ticket.ConfigureAwait(false);
        then();
    }

    private static Task RunOn(SynchronizationContext context, Func<Task> body)
    {
        var done = new TaskCompletionSource();
        context.Post(async _ =>
        {
            try
            {
                await body();
                done.SetResult();
            }
            catch (Exception error)
            {
                done.SetException(error);
            }
        }, null);
        return done.Task.WaitAsync(Wait.Generous);
    }

    /// <summary>Runs posted work on the thread pool, under itself, and counts the posts.</summary>
    private sealed class RecordingContext : SynchronizationContext
    {
        private int _posts;

        public int Posts => Volatile.Read(ref _posts);

        public override void Post(SendOrPostCallback callback, object? state)
        {
            Interlocked.Increment(ref _posts);
            ThreadPool.QueueUserWorkItem(_ =>
            {
                SynchronizationContext? outer = Current;
                SetSynchronizationContext(this);
                try
                {
                    callback(state);
                }
                finally
                {
                    SetSynchronizationContext(outer);
                }
            });
        }
    }

    /// <summary>Records into reference 0 and answers value × 10.</summary>
    private struct RecordAndAnswer : ICrossCallHandler<long>
    {
        public static string Name => "Tests.RecordAndAnswer";

        public static void Invoke(in long value, ref CallFrame frame)
        {
            frame.Ref<Probe>(0)!.Hit(frame.Core, value);
            frame.SetResult(value * 10);
        }
    }

    /// <summary>Answers whether XCallRuntime.Current is the runtime it runs in.</summary>
    private struct AskCurrent : ICrossCallHandler<long>
    {
        public static string Name => "Tests.AskCurrent";

        public static void Invoke(in long value, ref CallFrame frame) => frame.SetResult(XCallRuntime.Current == frame.Runtime ? 1L : 0L);
    }
}
