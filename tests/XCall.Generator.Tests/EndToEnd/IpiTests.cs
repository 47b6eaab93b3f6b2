using System;
using System.Threading.Tasks;
using Xunit;
using static XCall.Generator.Tests.Infrastructure.Runtimes;

namespace XCall.Generator.Tests.EndToEnd;

/// <summary>The generated IPI dispatch table and typed senders against two real cores.</summary>
public sealed class IpiTests : IDisposable
{
    private readonly XCallRuntime _runtime = Threaded();

    public IpiTests() => PingCounters.Reset();

    public void Dispose() => _runtime.Dispose();

    [Fact]
    public void The_dispatch_table_registers_every_handler_of_the_assembly()
    {
        using IpiHandlers.Registrations registrations = IpiHandlers.Register(_runtime);

        Assert.Equal(4, registrations.Count);
    }

    [Fact]
    public void Every_handler_of_a_message_type_runs_on_every_core_the_typed_senders_target()
    {
        using (IpiHandlers.Register(_runtime))
        {
            Assert.True(IpiHandlers.SendToAll(_runtime, new Ping(1)).Wait(Patience));
            Assert.True(IpiHandlers.Send(_runtime, 1, new Ping(10)).Wait(Patience));
            Assert.True(IpiHandlers.SendToMask(_runtime, CoreMask.Of(0), new Ping(100)).Wait(Patience));
            Assert.True(IpiHandlers.SendToOthers(_runtime, new Ping(1000)).Wait(Patience)); // from a plain thread: every core
        }

        Assert.Equal(1101, PingCounters.FirstOn(0));
        Assert.Equal(1011, PingCounters.FirstOn(1));
        Assert.Equal(1101, PingCounters.SecondOn(0));
        Assert.Equal(1011, PingCounters.SecondOn(1));
    }

    [Fact]
    public void Try_send_delivers_to_any_target_and_returns_its_ticket()
    {
        using (IpiHandlers.Register(_runtime))
        {
            Assert.True(IpiHandlers.TrySend(_runtime, Target.InMask(CoreMask.Of(1)), new Ping(2), out Ticket ticket));
            Assert.True(ticket.Wait(Patience));
        }

        Assert.Equal(2, PingCounters.FirstOn(1));
        Assert.Equal(0, PingCounters.FirstOn(0));
    }

    [Fact]
    public void Once_the_registrations_are_disposed_a_message_reaches_no_handler_and_its_ticket_says_so()
    {
        IpiHandlers.Register(_runtime).Dispose();

        Ticket ticket = IpiHandlers.SendToAll(_runtime, new Ping(5));
        var error = Assert.Throws<AggregateException>(() => ticket.Wait(Patience));

        Assert.All(error.InnerExceptions, e => Assert.Contains("No handler is registered for IPI type 7", e.Message));
        Assert.Equal(0, PingCounters.FirstOn(0) + PingCounters.FirstOn(1) + PingCounters.SecondOn(0) + PingCounters.SecondOn(1));
    }

    [Fact]
    public void One_handler_can_be_registered_and_unregistered_at_run_time_on_its_own()
    {
        IpiRegistration first = PingCounters.RegisterFirst(_runtime);
        Assert.True(IpiHandlers.Send(_runtime, 1, new Ping(2)).Wait(Patience));

        first.Unregister();
        Ticket unhandled = IpiHandlers.Send(_runtime, 1, new Ping(3));
        Assert.Contains("No handler is registered", Assert.Throws<InvalidOperationException>(() => unhandled.Wait(Patience)).Message);

        Assert.True(first.IsRemoved);
        Assert.Equal(2, PingCounters.FirstOn(1));
        Assert.Equal(0, PingCounters.SecondOn(1));
    }

    [Fact]
    public async Task Unregistering_waits_for_a_handler_that_is_still_running()
    {
        Lingering.Entered.Reset();
        Lingering.Release.Reset();
        IpiRegistration registration = Lingering.RegisterStay(_runtime);
        Ticket ticket = IpiHandlers.Send(_runtime, 1, new Linger());
        Assert.True(Lingering.Entered.Wait(Patience));

        Task unregister = Task.Run(registration.Unregister);

        // A correct unregister cannot finish while the handler runs, however long this waits.
        Assert.NotSame(unregister, await Task.WhenAny(unregister, Task.Delay(200)));
        Lingering.Release.Set();
        await unregister.WaitAsync(Patience);
        Assert.True(ticket.Wait(Patience));
    }
}
