using System;
using System.Linq;
using Xunit;

namespace XCall.Tests;

/// <summary>
/// A ticket reports its call's outcome whenever it is asked: faulted for a call that threw, or — once more calls on
/// its queue failed than the runtime keeps — expired, which Wait() surfaces as an exception. Never completed for a
/// call that threw.
/// </summary>
public class OutcomeTests
{
    [Fact]
    public void A_million_async_calls_with_one_in_ten_throwing_never_report_a_thrown_call_as_completed()
    {
        const int Calls = 1_000_000;
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var tickets = new Ticket[Calls];
        Wait.Bounded(() =>
        {
            for (int i = 0; i < Calls; i++) tickets[i] = runtime.Post<ThrowEveryTenth, long>(1, i);
            Assert.True(runtime.WaitForIssued(Wait.Generous));
        }, "a million calls");

        int faulted = 0, expired = 0, completed = 0;
        for (int i = 0; i < Calls; i++)
        {
            TicketStatus status = tickets[i].Status;
            bool threw = i % 10 == 0;
            Assert.True(threw ? status is TicketStatus.Faulted or TicketStatus.Expired : status is TicketStatus.Completed or TicketStatus.Expired,
                $"call {i} ({(threw ? "threw" : "ran cleanly")}) reads {status}");
            if (status == TicketStatus.Faulted) faulted++;
            else if (status == TicketStatus.Expired) expired++;
            else completed++;
        }
        // The newest failures are all still known, and Wait() surfaces both kinds of failure.
        Assert.True(faulted >= 1000, $"only {faulted} faults still known");
        Assert.True(completed >= 9000, $"only {completed} clean calls still known");
        Assert.Throws<InvalidOperationException>(() => tickets[Calls - 10].Wait());
        Assert.Throws<TicketExpiredException>(() => tickets[0].Wait());
        Assert.Throws<TicketExpiredException>(() => tickets[1].Wait());
        Assert.Equal(Calls / 10, runtime.GetStatistics().TotalFaults);
    }

    [Fact]
    public void Broadcast_tickets_keep_their_faults_after_their_group_is_reused_until_too_many_failed()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var tickets = Enumerable.Range(0, 3000).Select(i => runtime.Post<ThrowEveryTenth, long>(Target.All, i)).ToArray();
        Assert.True(runtime.WaitForIssued(Wait.Generous));
        for (int i = 0; i < tickets.Length; i++)
        {
            TicketStatus status = tickets[i].Status;
            Assert.True(i % 10 == 0 ? status is TicketStatus.Faulted or TicketStatus.Expired : status is TicketStatus.Completed or TicketStatus.Expired,
                $"broadcast {i} reads {status}");
        }
        Assert.Equal(TicketStatus.Faulted, tickets[2990].Status);
        Assert.IsType<AggregateException>(tickets[2990].Exception);
    }

    [Fact]
    public void A_private_request_remembers_the_fault_of_an_earlier_flight_after_it_was_sent_again()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var request = new XCallRequest();
        request.Prepare<ThrowEveryTenth, long>(0);
        Ticket threw = runtime.Post(1, request);
        Assert.True(runtime.WaitForIssued(Wait.Generous));
        request.Prepare<ThrowEveryTenth, long>(1);
        Ticket ranCleanly = runtime.Post(1, request);
        Assert.True(runtime.WaitForIssued(Wait.Generous));
        Assert.Equal(TicketStatus.Faulted, threw.Status);
        Assert.Equal(TicketStatus.Completed, ranCleanly.Status);
    }

    /// <summary>Throws for values divisible by ten.</summary>
    private struct ThrowEveryTenth : ICrossCallHandler<long>
    {
        private static readonly InvalidOperationException s_fault = new("every tenth");

        public static string Name => "Tests.ThrowEveryTenth";

        public static void Invoke(in long value, ref CallFrame frame)
        {
            if (value % 10 == 0) throw s_fault;
        }
    }
}
