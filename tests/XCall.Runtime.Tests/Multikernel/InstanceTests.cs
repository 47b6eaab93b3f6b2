using System;
using System.IO;
using System.Runtime.Versioning;
using System.Threading;
using XCall.Multikernel.Peer;
using Xunit;

namespace XCall.Tests.Multikernel;

/// <summary>Instances of a multikernel joined by runtimes of this one process: each has its own segment, as in separate processes.</summary>
[SupportedOSPlatform("linux")]
public sealed class InstanceTests
{
    [LinuxFact]
    public void An_instance_segment_is_an_owner_only_file_under_dev_shm_that_leaving_removes()
    {
        string name = Member.UniqueName();
        using (var member = new Member(name, 3))
        {
            string path = Member.SegmentPath(name, 3);
            Assert.True(File.Exists(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        Assert.False(File.Exists(Member.SegmentPath(name, 3)));
    }

    [LinuxFact]
    public void Two_instances_exchange_messages_and_a_reply_reaches_the_sender_through_its_context()
    {
        string name = Member.UniqueName();
        PeerCounters counters = Member.ResetCounters();
        using var a = new Member(name, 0);
        using var b = new Member(name, 1);
        a.Link(1);
        b.Link(0);

        for (int i = 0; i < 100; i++) _ = IpiHandlers.SendToInstance(a.Runtime, 1, i % 2, new Ping(i)); // b answers each to a
        Wait.Until(() => Volatile.Read(ref counters.Pongs) == 100, "the pongs");
        Assert.Equal(100, Volatile.Read(ref counters.Pings));
        Assert.Equal([1], a.Instance.Peers);
        MultikernelStatistics stats = a.Instance.GetStatistics();
        Assert.Equal(100, stats.MessagesSent);
        Assert.Equal(100, stats.MessagesReceived);
        Assert.InRange(stats.WakeupsSent, 0, stats.MessagesSent); // at most one per message: only a parked core is signalled
    }

    [LinuxFact]
    public void Sending_to_another_instance_allocates_nothing()
    {
        string name = Member.UniqueName();
        Member.ResetCounters();
        using var a = new Member(name, 0);
        using var b = new Member(name, 1);
        a.Link(1);
        b.Link(0);
        void Send(int count)
        {
            Ticket last = default;
            for (int i = 0; i < count; i++) last = IpiHandlers.SendToInstance(a.Runtime, 1, 1, new Numbered(8, i));
            last.Wait();
        }
        Send(10_000); // the thread's sender slot and its lane are made on first use
        long before = GC.GetAllocatedBytesForCurrentThread();
        Send(100_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [LinuxFact]
    public void A_message_to_the_own_instance_id_goes_to_a_local_core()
    {
        string name = Member.UniqueName();
        PeerCounters counters = Member.ResetCounters();
        using var a = new Member(name, 0);
        IpiHandlers.SendToInstance(a.Runtime, 0, 1, new Ping(7)).Wait(); // its handler answers to (instance 0, core 1) too
        Wait.Until(() => Volatile.Read(ref counters.Pongs) == 1, "the local pong");
    }

    [LinuxFact]
    public void A_parked_core_of_another_instance_wakes_for_a_message()
    {
        string name = Member.UniqueName();
        PeerCounters counters = Member.ResetCounters();
        using var a = new Member(name, 0);
        using var b = new Member(name, 1);
        a.Link(1);
        b.Link(0);
        for (int round = 0; round < 5; round++)
        {
            Thread.Sleep(50); // far past the poll window: every core of both instances parks
            Ticket ticket = IpiHandlers.SendToInstance(a.Runtime, 1, 1, new Ping(round));
            Assert.True(ticket.Wait(Wait.Generous));
            Wait.Until(() => Volatile.Read(ref counters.Pongs) == round + 1, "the pong from the woken core");
        }
        Assert.InRange(a.Instance.GetStatistics().WakeupsSent, 0, 5); // one per parked core at most: never one per message
    }

    [LinuxFact]
    public void Leaving_runs_what_peers_sent_and_waits_until_peers_ran_what_it_sent()
    {
        string name = Member.UniqueName();
        PeerCounters counters = Member.ResetCounters();
        using var a = new Member(name, 0);
        var b = new Member(name, 1);
        a.Link(1);
        b.Link(0);
        for (int i = 0; i < 2000; i++) _ = IpiHandlers.SendToInstance(b.Runtime, 0, 1, new Numbered(6, i));
        b.Dispose();
        Assert.Equal(2000, Volatile.Read(ref counters.Numbered));
        Assert.Equal(0, Volatile.Read(ref counters.OutOfOrder));
    }

    [LinuxFact]
    public void A_full_ring_makes_the_try_form_report_busy_until_the_core_takes_messages()
    {
        string name = Member.UniqueName();
        PeerCounters counters = Member.ResetCounters();
        var manual = new ManualIpiChip();
        using var a = new Member(name, 0, queueCapacity: 4);
        using var b = new Member(name, 1, queueCapacity: 4, chip: manual); // its cores run only when stepped
        Wait.Until(() =>
        {
            manual.RunUntilIdle(); // the cores open their lanes from a when stepped
            return a.Instance.IsLinked(1) && b.Instance.IsLinked(0);
        }, "the link");

        int accepted = 0;
        Ticket first = default;
        while (IpiHandlers.TrySendToInstance(a.Runtime, 1, 0, new Numbered(7, accepted), out Ticket ticket))
        {
            if (accepted++ == 0) first = ticket;
        }
        Assert.Equal(4, accepted);
        Assert.Equal(TicketStatus.Pending, first.Status);

        manual.Step(0);
        Assert.True(first.Wait(Wait.Generous));
        Assert.Equal(4, Volatile.Read(ref counters.Numbered));
        Assert.True(IpiHandlers.TrySendToInstance(a.Runtime, 1, 0, new Numbered(7, 4), out _));
        manual.RunUntilIdle();
        Assert.Equal(0, Volatile.Read(ref counters.OutOfOrder));
    }

    [LinuxFact]
    public void A_ticket_reports_a_handler_that_threw_in_the_other_instance()
    {
        string name = Member.UniqueName();
        Member.ResetCounters();
        using var a = new Member(name, 0);
        using var b = new Member(name, 1);
        a.Link(1);
        b.Link(0);
        // b has no handler for this type: the message faults there, and the ticket here says so.
        Ticket ticket = a.Runtime.SendIpiToInstance(1, 0, type: 99, 5L);
        var fault = Assert.Throws<RemoteHandlerException>(() => ticket.Wait(Wait.Generous));
        Assert.Equal(1, fault.Instance);
        Assert.Equal(TicketStatus.Faulted, ticket.Status);
    }

    [LinuxFact]
    public void The_same_instance_id_cannot_be_joined_twice_while_its_owner_lives()
    {
        string name = Member.UniqueName();
        using var a = new Member(name, 0);
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 1, Chip = new MultikernelIpiChip() });
        var failure = Assert.Throws<InvalidOperationException>(() => runtime.JoinMultikernel(new MultikernelOptions { Name = name, Instance = 0 }));
        Assert.Contains("in use", failure.Message);
        Assert.Contains($"process {Environment.ProcessId}", failure.Message);
    }

    [LinuxFact]
    public void A_segment_left_behind_by_a_dead_owner_is_replaced_on_joining()
    {
        string name = Member.UniqueName();
        string path = Member.SegmentPath(name, 2);
        File.WriteAllBytes(path, new byte[100]); // no live process holds its lock
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var member = new Member(name, 2);
        Assert.True(new FileInfo(path).Length > 100);
    }

    [LinuxFact]
    public void Bad_use_gets_clear_exceptions()
    {
        string name = Member.UniqueName();
        using (var parking = XCallRuntime.Start(new XCallOptions { Cores = 1 }))
        {
            var unwakeable = Assert.Throws<InvalidOperationException>(() => parking.JoinMultikernel(new MultikernelOptions { Name = name, Instance = 0 }));
            Assert.Contains(nameof(MultikernelIpiChip), unwakeable.Message);
            Assert.Throws<InvalidOperationException>(() => parking.SendIpiToInstance(1, 0, 1, 0L)); // not joined
        }
        using var a = new Member(name, 0);
        Assert.Throws<ArgumentException>(() => a.Runtime.JoinMultikernel(new MultikernelOptions { Name = "no spaces", Instance = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Runtime.JoinMultikernel(new MultikernelOptions { Name = name, Instance = 8 }));
        Assert.Throws<InvalidOperationException>(() => a.Runtime.JoinMultikernel(new MultikernelOptions { Name = Member.UniqueName(), Instance = 1 })); // joined already
        var missing = Assert.Throws<InstanceUnavailableException>(() => IpiHandlers.SendToInstance(a.Runtime, 5, 0, new Ping(0)));
        Assert.Equal(InstanceUnavailableReason.NotJoined, missing.Reason);
        Assert.Throws<ArgumentOutOfRangeException>(() => IpiHandlers.SendToInstance(a.Runtime, 8, 0, new Ping(0)));
        Assert.Throws<ArgumentException>(() => a.Instance.ReceiveBuffer(default));
        Assert.Throws<ArgumentException>(() => a.Instance.ReceiveBuffer(new SharedBufferPool(16, 1).Rent().Transfer()));
        BufferHandle handle = a.Instance.Buffers.Rent().Transfer();
        a.Instance.ReceiveBuffer(handle).Return();
        Assert.Throws<InvalidOperationException>(() => a.Instance.ReceiveBuffer(handle)); // received already

        using var b = new Member(name, 1);
        a.Link(1);
        var core = Assert.Throws<ArgumentOutOfRangeException>(() => IpiHandlers.SendToInstance(a.Runtime, 1, 2, new Ping(0)));
        Assert.Contains("2 cores", core.Message);
    }
}
