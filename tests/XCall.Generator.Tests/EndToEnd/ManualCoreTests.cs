using System;
using System.Linq;
using System.Threading.Tasks;
using XCall.Generator.Tests.Infrastructure;
using Xunit;

namespace XCall.Generator.Tests.EndToEnd;

/// <summary>The generated senders against cores the test steps by hand: full queues, priorities, requests in flight, awaits, batches.</summary>
public sealed class ManualCoreTests : IDisposable
{
    private readonly ManualIpiChip _chip = new();
    private readonly XCallRuntime _runtime;

    public ManualCoreTests()
    {
        _runtime = Runtimes.Manual(_chip, queueCapacity: 2);
        Counters.Reset();
    }

    public void Dispose() => _runtime.Dispose();

    [Fact]
    public void Try_forms_report_busy_and_send_nothing_while_a_target_queue_is_full()
    {
        Assert.True(Counters.TryIncrementOn(_runtime, 1, out Ticket first));
        Assert.True(Counters.TryIncrementOn(_runtime, 1, out _));

        Assert.False(Counters.TryIncrementOn(_runtime, 1, out Ticket refused));
        Assert.False(Counters.TryAddOn(_runtime, 1, 5, out long result));
        Assert.False(Counters.TryAddOnAny(_runtime, CoreMask.Of(1), 5, out long anyResult));
        Assert.False(Counters.TryIncrementOnAll(_runtime, out _));

        Assert.True(refused.IsCompleted);
        Assert.Equal(0, result);
        Assert.Equal(0, anyResult);
        Assert.False(_chip.HasPending(0)); // all or nothing: core 0 got no part of the refused broadcast
        Assert.False(first.IsCompleted);
    }

    [Fact]
    public void Try_forms_go_through_once_the_core_drained_its_queue()
    {
        Counters.IncrementOn(_runtime, 1);
        Counters.IncrementOn(_runtime, 1);
        _chip.RunUntilIdle();
        Span<int> where = [-1, -1];

        Assert.True(Counters.TryAddOn(_runtime, 1, 5, out long result));
        Assert.True(Counters.TryAddOnAny(_runtime, CoreMask.Of(1), 1, out long anyResult));
        Assert.True(Counters.TryWhereAmIOnAll(_runtime, where));

        Assert.Equal(7, result);
        Assert.Equal(8, anyResult);
        Assert.Equal([0, 1], where.ToArray());
    }

    [Fact]
    public void A_high_priority_method_runs_before_normal_calls_queued_earlier()
    {
        Counters.NoteOn(_runtime, 0, 1);
        Counters.NoteOn(_runtime, 0, 2);
        Counters.NoteUrgentlyOn(_runtime, 0, 3);

        _chip.RunUntilIdle();

        Assert.Equal([3, 1, 2], Counters.NotesOn(0));
    }

    [Fact]
    public void Sending_a_private_request_still_in_flight_is_an_error_and_leaves_the_first_call_intact()
    {
        var request = new XCallRequest();
        Ticket first = Counters.IncrementOn(_runtime, 1, request);

        Assert.True(request.IsInFlight);
        Assert.Throws<InvalidOperationException>(() => Counters.IncrementOn(_runtime, 1, request));

        _chip.RunUntilIdle();
        Assert.True(first.IsCompleted);
        Assert.Equal(1, Counters.ValueOn(1));
    }

    [Fact]
    public async Task An_awaited_call_completes_when_the_test_steps_its_core()
    {
        ValueTask<long> one = Counters.AddOnAsync(_runtime, 1, 5);
        ValueTask<long> any = Counters.AddOnAnyAsync(_runtime, CoreMask.Of(1), 2);
        Assert.False(one.IsCompleted);

        Assert.Equal(2, _chip.Step(1));

        Assert.True(one.IsCompleted);
        Assert.True(any.IsCompleted);
        Assert.Equal(5, await one);
        Assert.Equal(7, await any);
    }

    [Fact]
    public async Task An_awaited_call_to_every_core_completes_once_the_test_stepped_them_all()
    {
        int[] where = [-1, -1];
        ValueTask<int> all = Counters.WhereAmIOnAllAsync(_runtime, where);

        Assert.Equal(2, _chip.RunUntilIdle());

        Assert.Equal(2, await all);
        Assert.Equal([0, 1], where);
    }

    [Fact]
    public async Task A_call_cancelled_before_its_core_took_it_is_skipped_when_the_core_is_stepped()
    {
        using var cancellation = new System.Threading.CancellationTokenSource();
        ValueTask<long> pending = Counters.AddOnAsync(_runtime, 1, 5, cancellation.Token);

        cancellation.Cancel();

        Assert.True(pending.IsCompleted);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.AsTask());
        _chip.RunUntilIdle();
        Assert.Equal(0, Counters.ValueOn(1));
    }

    [Fact]
    public void A_batch_reaches_its_core_only_once_it_is_published_and_runs_in_the_order_it_was_filled()
    {
        using (CallBatch batch = _runtime.Batch(0))
        {
            Counters.NoteOn(batch, 1);
            Counters.NoteOn(batch, 2);

            Assert.False(_chip.HasPending(0));
        }

        Assert.True(_chip.HasPending(0));
        _chip.RunUntilIdle();
        Assert.Equal([1, 2], Counters.NotesOn(0));
    }

    [Fact]
    public void A_batch_larger_than_the_queue_is_published_in_parts_and_runs_every_call_once_in_order()
    {
        Ticket last = default;
        using (CallBatch batch = _runtime.Batch(1))
        {
            for (int i = 0; i < 50; i++) last = Counters.NoteOn(batch, i); // the queue holds two: waiting for room steps the core
        }

        Assert.True(last.Wait(Runtimes.Patience));
        Assert.Equal(Enumerable.Range(0, 50), Counters.NotesOn(1));
    }
}
