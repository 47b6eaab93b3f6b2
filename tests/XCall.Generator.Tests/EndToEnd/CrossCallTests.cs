using System;
using System.Text;
using System.Threading.Tasks;
using XCall.Generator.Tests.Infrastructure;
using Xunit;
using static XCall.Generator.Tests.Infrastructure.Runtimes;

namespace XCall.Generator.Tests.EndToEnd;

/// <summary>The generated senders against two real cores: values, targets, tickets and exceptions.</summary>
public sealed class CrossCallTests : IDisposable
{
    private readonly XCallRuntime _runtime = Threaded();

    public CrossCallTests() => Counters.Reset();

    public void Dispose() => _runtime.Dispose();

    [Fact]
    public void A_sync_call_to_one_core_returns_the_methods_value()
    {
        Assert.Equal(5, Counters.AddOn(_runtime, 1, 5));
        Assert.Equal(12, Counters.AddOn(_runtime, 1, 7));

        Assert.Equal(12, Counters.ValueOn(1));
        Assert.Equal(0, Counters.ValueOn(0));
    }

    [Fact]
    public void A_sync_call_runs_on_the_core_it_names()
    {
        Assert.Equal(0, Counters.WhereAmIOn(_runtime, 0));
        Assert.Equal(1, Counters.WhereAmIOn(_runtime, 1));
    }

    [Fact]
    public void A_call_to_all_cores_writes_each_cores_return_value_into_the_callers_span()
    {
        Span<int> results = [-1, -1];

        Assert.Equal(2, Counters.WhereAmIOnAll(_runtime, results));

        Assert.Equal([0, 1], results.ToArray());
    }

    [Fact]
    public void A_call_to_all_cores_without_a_span_returns_how_many_cores_ran_it()
    {
        Assert.Equal(2, Counters.AddOnAll(_runtime, 3));

        Assert.Equal(3, Counters.ValueOn(0));
        Assert.Equal(3, Counters.ValueOn(1));
    }

    [Fact]
    public void Others_reaches_every_core_from_a_plain_thread_and_skips_the_calling_core_on_a_core()
    {
        Span<int> results = [-1, -1];
        Assert.Equal(2, Counters.WhereAmIOnOthers(_runtime, results));
        Assert.Equal([0, 1], results.ToArray());

        Assert.Equal(1, Counters.CountOthersFromHereOn(_runtime, 0));
    }

    [Fact]
    public void A_mask_call_runs_only_on_the_cores_of_the_mask()
    {
        Span<int> results = [-1, -1];

        Assert.Equal(1, Counters.WhereAmIOnMask(_runtime, CoreMask.Of(1), results));

        Assert.Equal([-1, 1], results.ToArray());
    }

    [Fact]
    public void A_mask_call_with_a_condition_runs_only_where_the_condition_holds()
    {
        Assert.Equal(1, Counters.AddOnMask(_runtime, CoreMask.Range(0, 2), static core => core == 0, 4));
        Assert.Equal(0, Counters.AddOnMask(_runtime, CoreMask.Range(0, 2), static _ => false, 4));

        Assert.Equal(4, Counters.ValueOn(0));
        Assert.Equal(0, Counters.ValueOn(1));
    }

    [Fact]
    public void An_any_of_mask_call_runs_on_exactly_one_core_of_the_mask_and_returns_its_value()
    {
        Assert.Equal(1, Counters.WhereAmIOnAny(_runtime, CoreMask.Of(1)));
        Assert.True(Counters.TryWhereAmIOnAny(_runtime, CoreMask.Of(1), out int core));
        Assert.Equal(1, core);

        Assert.Equal(1, Counters.AddOnAny(_runtime, CoreMask.Range(0, 2), 1));
        Assert.Equal(1, Counters.ValueOn(0) + Counters.ValueOn(1));
    }

    [Fact]
    public void An_any_of_mask_call_returns_a_reference_value_and_a_void_one_returns_once_it_ran()
    {
        var builder = new StringBuilder();
        Counters.AddOn(_runtime, 1, 5);

        Assert.Equal("pears on core 0", Counters.DescribeOnAny(_runtime, CoreMask.Of(0), builder, "pears", 2));
        Assert.Equal("pears=2", builder.ToString());
        Counters.ResetHereOnAny(_runtime, CoreMask.Of(1));
        Assert.Equal(0, Counters.ValueOn(1));
    }

    [Fact]
    public void An_async_call_returns_a_ticket_that_completes_once_the_core_ran_it()
    {
        Ticket ticket = Counters.IncrementOn(_runtime, 1);

        Assert.True(ticket.Wait(Patience));
        Assert.Equal(TicketStatus.Completed, ticket.Status);
        Assert.Equal(1, Counters.ValueOn(1));
    }

    [Fact]
    public void Async_calls_to_many_cores_return_one_ticket_each_and_tickets_can_be_waited_on_together()
    {
        Ticket[] tickets =
        [
            Counters.IncrementOnAll(_runtime),
            Counters.IncrementOnOthers(_runtime),
            Counters.IncrementOnMask(_runtime, CoreMask.Of(0)),
            Counters.IncrementOnMask(_runtime, CoreMask.Range(0, 2), static core => core == 1),
            Counters.IncrementOnAny(_runtime, CoreMask.Of(1)),
        ];

        Assert.True(Ticket.WaitAll(tickets, Patience));
        Assert.Equal(3, Counters.ValueOn(0));
        Assert.Equal(4, Counters.ValueOn(1));
    }

    [Fact]
    public async Task An_async_calls_ticket_can_be_awaited()
    {
        await Counters.IncrementOn(_runtime, 0);

        Assert.Equal(1, Counters.ValueOn(0));
    }

    [Fact]
    public void In_parameters_travel_in_the_payload()
    {
        Assert.Equal(60, Counters.DotOn(_runtime, 1, new Vector3Long(1, 2, 3), 10));
    }

    [Fact]
    public void Reference_parameters_reach_the_core_as_the_callers_own_objects()
    {
        var builder = new StringBuilder();

        Assert.Equal("apples on core 1", Counters.DescribeOn(_runtime, 1, builder, "apples", 3));

        Assert.Equal("apples=3", builder.ToString());
    }

    [Fact]
    public void A_null_reference_argument_reaches_the_method_as_null_as_in_a_direct_call()
    {
        Assert.Equal("nobody", Counters.GreetOn(_runtime, 1, null));
        Assert.Equal("ada", Counters.GreetOn(_runtime, 1, "ada"));
    }

    [Fact]
    public void A_sync_caller_gets_the_exception_the_method_threw_on_the_core()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Counters.FailOn(_runtime, 1, 42));

        Assert.Equal("Failure 42 on core 1.", error.Message);
    }

    [Fact]
    public void A_sync_call_to_all_cores_reports_the_exception_of_every_failing_core()
    {
        var error = Assert.Throws<AggregateException>(() => Counters.FailOnAll(_runtime, 7));

        Assert.Equal(2, error.InnerExceptions.Count);
        Assert.All(error.InnerExceptions, inner => Assert.IsType<InvalidOperationException>(inner));
    }

    [Fact]
    public void An_async_calls_exception_ends_up_in_its_ticket()
    {
        Ticket ticket = Counters.FailLaterOn(_runtime, 1, 3);

        var error = Assert.Throws<InvalidOperationException>(() => ticket.Wait(Patience));
        Assert.Equal("Late failure 3.", error.Message);
        Assert.Equal(TicketStatus.Faulted, ticket.Status);
    }

    [Fact]
    public void Calls_to_a_missing_or_offline_core_are_clear_errors_and_broadcasts_skip_offline_cores()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Counters.AddOn(_runtime, 2, 1));

        _runtime.TakeOffline(1);

        Assert.Throws<CoreOfflineException>(() => Counters.AddOn(_runtime, 1, 1));
        Assert.Equal(1, Counters.AddOnAll(_runtime, 1));
        Assert.Equal(1, Counters.ValueOn(0));
    }

    [Fact]
    public void A_private_request_carries_sync_calls_again_and_again()
    {
        var request = new XCallRequest();

        Assert.Equal(1, Counters.AddOn(_runtime, 1, request, 1));
        Assert.Equal(3, Counters.AddOn(_runtime, 1, request, 2));

        Assert.False(request.IsInFlight);
        Assert.Equal(3, Counters.ValueOn(1));
    }

    [Fact]
    public void A_private_request_sent_async_returns_its_ticket_and_is_reusable_once_it_completed()
    {
        var request = new XCallRequest();

        Assert.True(Counters.IncrementOn(_runtime, 0, request).Wait(Patience));
        Assert.True(Counters.IncrementOn(_runtime, 0, request).Wait(Patience));

        Assert.Equal(2, Counters.ValueOn(0));
    }

    [Fact]
    public void Senders_work_for_generic_nested_and_global_namespace_containing_types()
    {
        Span<long> echoes = [0, 0];

        Assert.Equal(42, Box<int>.EchoOn(_runtime, 1, 42));
        Assert.Equal(2.5, Box<double>.EchoOn(_runtime, 0, 2.5));
        Assert.Equal(2, Box<long>.EchoOnAll(_runtime, 9, echoes));
        Assert.Equal([9L, 9L], echoes.ToArray());
        Assert.Equal(42, Outer.Inner.TwiceOn(_runtime, 1, 21));
        Assert.Equal(-5, GlobalSample.NegateOn(_runtime, 0, 5));
    }
}
