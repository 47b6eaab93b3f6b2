using System;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace XCall.Tests;

public class PrivateRequestTests
{
    [Fact]
    public void A_private_request_runs_on_the_target_core_and_can_be_sent_again_once_finished()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var probe = new Probe();
        var request = new XCallRequest();
        request.Prepare<Record, long>(3, new CallRefs(probe));
        runtime.Call(1, request);
        runtime.Post(1, request).Wait();
        runtime.Call(1, request);
        Assert.Equal(3, probe.On(1));
        Assert.False(request.IsInFlight);
    }

    [Fact]
    public async Task A_sync_sender_does_not_return_while_the_core_is_still_publishing_the_outcome()
    {
        // White-box: the window between the core publishing a request's outcome and marking it idle is a few
        // instructions wide, so this test holds the request in it (the private state field) instead of racing a core.
        // A sender that gave up spinning and registers its wake-up then must wait the window out, not return, and
        // Prepare must wait too: otherwise preparing the request again right after the call throws "still in flight".
        var request = new XCallRequest();
        request.Prepare<Count, long>(0, new CallRefs(new Probe()));
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = new ManualIpiChip() });
        long generation = BeginFlight(request, runtime);
        FieldInfo state = typeof(XCallRequest).GetField("_state", BindingFlags.NonPublic | BindingFlags.Instance)!;
        const long Idle = 0, Completing = 3;
        state.SetValue(request, generation << 2 | Completing);

        Task<bool> register = Task.Run(() => request.RegisterWaiter(generation, new Waiter()));
        Task prepare = Task.Run(() => request.Prepare<Count, long>(1, new CallRefs(new Probe())));
        await Task.Delay(50);
        Assert.False(request.IsFinished(generation));
        Assert.False(register.IsCompleted);
        Assert.False(prepare.IsCompleted);

        state.SetValue(request, generation << 2 | Idle);
        Assert.False(await register.WaitAsync(Wait.Generous)); // finished: nothing to wait for
        await prepare.WaitAsync(Wait.Generous);
        Assert.True(request.IsFinished(generation));
    }

    private static long BeginFlight(XCallRequest request, XCallRuntime runtime) => request.Begin<long>(runtime, 1, -1, wantsResult: false);

    private sealed class Waiter : IWaiter
    {
        public void Signal()
        {
        }
    }

    [Fact]
    public void A_private_request_returns_its_handlers_result()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var request = new XCallRequest();
        request.Prepare<Scale, long>(4);
        Assert.Equal(41, runtime.Call<long>(1, request));
    }

    [Fact]
    public void Sending_a_request_that_is_still_in_flight_is_an_error_and_leaves_the_first_flight_intact()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip });
        var probe = new Probe();
        var request = new XCallRequest();
        request.Prepare<Record, long>(11, new CallRefs(probe));
        Ticket first = runtime.Post(1, request);
        Assert.True(request.IsInFlight);

        var resend = Assert.Throws<InvalidOperationException>(() => runtime.Post(1, request));
        Assert.Contains("still in flight", resend.Message);
        var reprepare = Assert.Throws<InvalidOperationException>(() => request.Prepare<Record, long>(12, new CallRefs(probe)));
        Assert.Contains("still in flight", reprepare.Message);

        chip.Step(1);
        Assert.Equal(TicketStatus.Completed, first.Status);
        Assert.Equal(11, Assert.Single(probe.Seen).Value);
    }

    [Fact]
    public void A_request_that_was_never_prepared_is_rejected_with_a_clear_message()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var error = Assert.Throws<InvalidOperationException>(() => runtime.Post(1, new XCallRequest()));
        Assert.Contains("no handler", error.Message);
    }

    [Fact]
    public void A_faulting_private_request_throws_to_a_sync_caller_and_faults_an_async_ticket()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var request = new XCallRequest();
        request.Prepare<Throw, long>(5);
        Assert.Equal("boom 5 on core 1", Assert.Throws<InvalidOperationException>(() => runtime.Call(1, request)).Message);
        Ticket ticket = runtime.Post(1, request);
        Assert.Throws<InvalidOperationException>(() => ticket.Wait());
        Assert.Equal(TicketStatus.Faulted, ticket.Status);
    }

    [Fact]
    public void An_old_ticket_of_a_reused_request_keeps_its_own_outcome()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var request = new XCallRequest();
        request.Prepare<Throw, long>(1);
        Ticket faulted = runtime.Post(1, request);
        Assert.Throws<InvalidOperationException>(() => faulted.Wait());
        request.Prepare<Count, long>(0, new CallRefs(new Probe()));
        Ticket completed = runtime.Post(1, request);
        completed.Wait();
        Assert.Equal(TicketStatus.Faulted, faulted.Status);
        Assert.Equal("boom 1 on core 1", faulted.Exception!.Message);
        Assert.Equal(TicketStatus.Completed, completed.Status);
    }

    [Fact]
    public void A_private_request_is_accepted_even_when_the_cores_queues_are_full()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip, QueueCapacity = 2 });
        var probe = new Probe();
        runtime.Post<Record, long>(1, 0, new CallRefs(probe));
        runtime.Post<Record, long>(1, 1, new CallRefs(probe));
        Assert.False(runtime.TryPost<Record, long>(1, 2, out _, new CallRefs(probe)));
        var request = new XCallRequest();
        request.Prepare<Record, long>(3, new CallRefs(probe));
        Ticket ticket = runtime.Post(1, request);
        chip.RunUntilIdle();
        Assert.Equal(TicketStatus.Completed, ticket.Status);
        Assert.Equal(3, probe.Total);
    }

    [Fact]
    public void A_request_sent_from_a_core_to_itself_runs_inline()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        Assert.Equal(1, runtime.Call<SelfRequest, long, int>(1, 0));
    }

    private struct SelfRequest : ICrossCallHandler<long>
    {
        public static string Name => "Tests.SelfRequest";

        public static void Invoke(in long value, ref CallFrame frame)
        {
            var request = new XCallRequest();
            request.Prepare<WhereAmI, long>(0);
            frame.SetResult((int)frame.Runtime.Call<long>(frame.Core, request));
        }
    }
}
