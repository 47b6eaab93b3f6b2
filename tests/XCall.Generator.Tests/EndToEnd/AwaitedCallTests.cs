using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using static XCall.Generator.Tests.Infrastructure.Runtimes;

namespace XCall.Generator.Tests.EndToEnd;

/// <summary>The awaited senders (<c>…OnAsync</c>, <c>…OnAllAsync</c>, …) against two real cores: values, counts, faults and cancellation.</summary>
public sealed class AwaitedCallTests : IDisposable
{
    private readonly XCallRuntime _runtime = Threaded();

    public AwaitedCallTests() => Counters.Reset();

    public void Dispose() => _runtime.Dispose();

    [Fact]
    public async Task Awaiting_a_call_to_each_core_returns_that_cores_value()
    {
        Assert.Equal(0, await Counters.WhereAmIOnAsync(_runtime, 0));
        Assert.Equal(1, await Counters.WhereAmIOnAsync(_runtime, 1));
        Assert.Equal(5, await Counters.AddOnAsync(_runtime, 1, 5));
        Assert.Equal(12, await Counters.AddOnAsync(_runtime, 1, 7));
        Assert.Equal("figs on core 1", await Counters.DescribeOnAsync(_runtime, 1, new StringBuilder(), "figs", 1));
    }

    [Fact]
    public async Task Awaiting_a_call_to_any_core_of_a_mask_returns_its_value_and_a_void_one_completes_once_it_ran()
    {
        Counters.AddOn(_runtime, 1, 5);

        Assert.Equal(1, await Counters.WhereAmIOnAnyAsync(_runtime, CoreMask.Of(1)));
        await Counters.ResetHereOnAnyAsync(_runtime, CoreMask.Of(1));

        Assert.Equal(0, Counters.ValueOn(1));
    }

    [Fact]
    public async Task An_awaited_call_to_many_cores_stores_each_cores_value_in_the_callers_memory_and_returns_the_count()
    {
        int[] results = [-1, -1];

        Assert.Equal(2, await Counters.WhereAmIOnAllAsync(_runtime, results));
        Assert.Equal([0, 1], results);

        results = [-1, -1];
        Assert.Equal(2, await Counters.WhereAmIOnOthersAsync(_runtime, results)); // from a plain thread: every core
        Assert.Equal([0, 1], results);

        results = [-1, -1];
        Assert.Equal(1, await Counters.WhereAmIOnMaskAsync(_runtime, CoreMask.Of(1), results));
        Assert.Equal([-1, 1], results);

        results = [-1, -1];
        Assert.Equal(1, await Counters.WhereAmIOnMaskAsync(_runtime, CoreMask.Range(0, 2), static core => core == 0, results));
        Assert.Equal([0, -1], results);
    }

    [Fact]
    public async Task An_awaited_call_to_many_cores_without_memory_returns_how_many_cores_ran_it()
    {
        Assert.Equal(2, await Counters.AddOnAllAsync(_runtime, 3));
        Assert.Equal(1, await Counters.AddOnMaskAsync(_runtime, CoreMask.Of(0), 4));

        Assert.Equal(7, Counters.ValueOn(0));
        Assert.Equal(3, Counters.ValueOn(1));
    }

    [Fact]
    public async Task An_async_method_can_be_awaited_through_its_awaited_senders()
    {
        await Counters.IncrementOnAsync(_runtime, 1);
        await Counters.IncrementOnAnyAsync(_runtime, CoreMask.Of(1));
        Assert.Equal(2, await Counters.IncrementOnAllAsync(_runtime));

        Assert.Equal(1, Counters.ValueOn(0));
        Assert.Equal(3, Counters.ValueOn(1));
    }

    [Fact]
    public async Task An_awaited_call_ends_with_the_exception_the_method_threw_on_the_core()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Counters.FailOnAsync(_runtime, 1, 42).AsTask());
        Assert.Equal("Failure 42 on core 1.", error.Message);

        var all = await Assert.ThrowsAsync<AggregateException>(() => Counters.FailOnAllAsync(_runtime, 7).AsTask());
        Assert.Equal(2, all.InnerExceptions.Count);
    }

    [Fact]
    public async Task A_token_cancelled_before_the_call_runs_nothing_on_any_form()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Counters.AddOnAsync(_runtime, 1, 5, cancelled.Token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Counters.AddOnAnyAsync(_runtime, CoreMask.Of(1), 5, cancelled.Token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Counters.AddOnAllAsync(_runtime, 5, cancelled.Token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Counters.IncrementOnAsync(_runtime, 1, cancelled.Token).AsTask());
        Assert.ThrowsAny<OperationCanceledException>(() => Counters.AddOn(_runtime, 1, 5, Patience, cancelled.Token));

        Assert.Equal(0, Counters.AddOn(_runtime, 0, 0)); // queued behind anything that was sent: nothing was
        Assert.Equal(0, Counters.AddOn(_runtime, 1, 0));
    }

    [Fact]
    public async Task Cancelling_a_call_its_core_has_not_started_ends_the_await_at_once_and_the_method_never_runs()
    {
        var gate = new Gate();
        ValueTask<long> holding = Counters.HoldOnAsync(_runtime, 1, gate);
        Assert.True(gate.WaitEntered());
        using var cancellation = new CancellationTokenSource();

        ValueTask<long> queued = Counters.AddOnAsync(_runtime, 1, 5, cancellation.Token);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.AsTask()); // while core 1 is still held
        gate.Open();
        Assert.Equal(100, await holding);
        Assert.Equal(100, Counters.AddOn(_runtime, 1, 0)); // the cancelled Add never ran
    }

    [Fact]
    public async Task Cancelling_a_call_its_core_is_running_ends_the_await_at_once_and_the_call_finishes_on_the_core()
    {
        var gate = new Gate();
        using var cancellation = new CancellationTokenSource();
        ValueTask<long> running = Counters.HoldOnAsync(_runtime, 1, gate, cancellation.Token);
        Assert.True(gate.WaitEntered());

        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.AsTask()); // while the call still runs
        gate.Open();
        Assert.Equal(100, Counters.AddOn(_runtime, 1, 0)); // queued behind it: the held call finished
    }
}
