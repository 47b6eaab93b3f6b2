using System;
using XCall.Generator.Tests.Infrastructure;
using Xunit;

namespace XCall.Generator.Tests.EndToEnd;

/// <summary>The generated senders against cores the test steps by hand: full queues, priorities, requests in flight.</summary>
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
}
