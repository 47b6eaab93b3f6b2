using System;
using System.Collections.Concurrent;
using System.IO;
using System.Runtime.Versioning;
using System.Threading;
using XCall.Multikernel.Peer;
using Xunit;

namespace XCall.Tests.Multikernel;

/// <summary>Two processes as two instances of one multikernel: the test's runtime and the peer app.</summary>
[SupportedOSPlatform("linux")]
public sealed class CrossProcessTests
{
    [LinuxFact]
    public void Typed_messages_go_both_ways_between_two_processes_through_the_generated_senders()
    {
        string name = Member.UniqueName();
        PeerCounters counters = Member.ResetCounters();
        using var test = new Member(name, 0);
        using var peer = PeerProcess.Start(name, instance: 1, peer: 0);
        test.Link(1);

        // This process pings both cores of the peer; the peer's handler answers each to the sending core here.
        var tickets = new Ticket[200];
        for (int i = 0; i < tickets.Length; i++) tickets[i] = IpiHandlers.SendToInstance(test.Runtime, 1, i % 2, new Ping(i));
        Assert.True(Ticket.WaitAll(tickets, Wait.Generous));
        Wait.Until(() => Volatile.Read(ref counters.Pongs) == tickets.Length, "the pongs");

        // The peer pings this process, which answers through the same handlers.
        Assert.Equal("ponged", peer.Ask("pings 500"));
        Assert.Equal(500, Volatile.Read(ref counters.Pings));
        Assert.Equal("counts 0 0 200 0", peer.Ask("counts"));
    }

    [LinuxFact]
    public void A_message_to_another_process_runs_in_order_and_its_ticket_completes_when_it_ran()
    {
        string name = Member.UniqueName();
        Member.ResetCounters();
        using var test = new Member(name, 0);
        using var peer = PeerProcess.Start(name, instance: 1, peer: 0);
        test.Link(1);

        Ticket last = default;
        for (int i = 0; i < 1000; i++) last = IpiHandlers.SendToInstance(test.Runtime, 1, 1, new Numbered(2, i));
        Assert.True(last.Wait(Wait.Generous));
        Assert.Equal(TicketStatus.Completed, last.Status);
        Assert.Equal("counts 1000 0 0 0", peer.Ask("counts")); // a ticket completes after its handler ran, so all were counted
    }

    [LinuxFact]
    public void Shared_buffers_pass_between_processes_by_handle_with_their_bytes_and_come_back_to_their_pool()
    {
        string name = Member.UniqueName();
        PeerCounters counters = Member.ResetCounters();
        using var test = new Member(name, 0);
        using var peer = PeerProcess.Start(name, instance: 1, peer: 0);
        test.Link(1);

        // The peer's buffers to this process (its pool holds 16: this process returns each one as it checks it).
        Assert.Equal("blocks 300", peer.Ask("blocks 300"));
        Assert.Equal(300, Volatile.Read(ref counters.IntactBlocks));

        // This process's buffers to the peer.
        SharedBufferPool pool = test.Instance.Buffers;
        for (int i = 0; i < 300; i++)
        {
            SharedBuffer buffer = default;
            Wait.Until(() => pool.TryRent(out buffer), "a free buffer"); // the peer returns each as it checks it
            uint checksum = PeerProtocol.Fill(buffer.Span[..1000], i);
            _ = IpiHandlers.SendToInstance(test.Runtime, 1, 1, new global::XCall.Multikernel.Peer.Block(i, buffer.Transfer(), 1000, checksum));
        }
        Wait.Until(() => Volatile.Read(ref counters.BlocksConfirmed) == 300, "the peer's checks");
        Assert.Equal(0, Volatile.Read(ref counters.BlocksDamaged));
        Wait.Until(() => pool.Available == pool.Capacity, "every buffer back in the pool");
    }

    [LinuxFact]
    public void A_million_messages_through_a_small_ring_arrive_exactly_once_and_in_order()
    {
        const int Messages = 1_000_000;
        string name = Member.UniqueName();
        PeerCounters counters = Member.ResetCounters();
        using var test = new Member(name, 0, queueCapacity: 16);
        using var peer = PeerProcess.Start(name, instance: 1, peer: 0, queueCapacity: 16);
        test.Link(1);

        // Peer to this process, and this process to the peer, at the same time.
        var toPeer = new Thread(() =>
        {
            Ticket last = default;
            for (int i = 0; i < Messages; i++) last = IpiHandlers.SendToInstance(test.Runtime, 1, 0, new Numbered(3, i));
            last.Wait(Wait.Generous);
        });
        toPeer.Start();
        Assert.Equal("sent", peer.Ask($"numbered 4 {Messages} 1"));
        Assert.True(toPeer.Join(Wait.Generous), "the sends to the peer did not finish");

        Assert.Equal(Messages, Volatile.Read(ref counters.Numbered));
        Assert.Equal(0, Volatile.Read(ref counters.OutOfOrder));
        Assert.Equal($"counts {Messages} 0 0 0", peer.Ask("counts"));
    }

    [LinuxFact]
    public void Killing_the_other_process_mid_stream_fails_sends_and_tickets_to_it_and_hangs_nothing()
    {
        string name = Member.UniqueName();
        PeerCounters counters = Member.ResetCounters();
        using var test = new Member(name, 0, queueCapacity: 16);
        var lost = new BlockingCollection<PeerLostEventArgs>();
        test.Instance.PeerLost += (_, e) => lost.Add(e);
        using var peer = PeerProcess.Start(name, instance: 1, peer: 0, queueCapacity: 16);
        test.Link(1);
        Assert.Equal("flooding", peer.Ask("flood")); // the peer pings this process nonstop; this process answers each

        // This process sends nonstop too, keeping the tickets of the messages still in flight.
        var pending = new ConcurrentQueue<Ticket>();
        Exception? sendFailure = null;
        var sender = new Thread(() =>
        {
            try
            {
                for (int i = 0; ; i++)
                {
                    pending.Enqueue(IpiHandlers.SendToInstance(test.Runtime, 1, i % 2, new Numbered(5, i)));
                    while (pending.Count > 64 && pending.TryDequeue(out _)) { }
                }
            }
            catch (Exception failure)
            {
                sendFailure = failure;
            }
        });
        sender.Start();
        Wait.Until(() => Volatile.Read(ref counters.Pings) > 1000 && pending.Count > 0, "traffic both ways");

        peer.Kill();

        Assert.True(sender.Join(Wait.Generous), "a send to the dead peer hung");
        InstanceUnavailableException failed = Assert.IsType<InstanceUnavailableException>(sendFailure);
        Assert.Equal(1, failed.Instance);
        Assert.True(lost.TryTake(out PeerLostEventArgs? gone, Wait.Generous), "the peer's death was not reported");
        Assert.Equal(InstanceUnavailableReason.Died, gone!.Reason);
        Assert.Equal(peer.ProcessId, gone.ProcessId);
        foreach (Ticket ticket in pending)
        {
            // Each ends: handled before the kill, or failed naming the dead instance; none stays pending.
            Wait.Until(() => ticket.IsCompleted, "a ticket of a message to the dead peer to end");
            if (ticket.Status == TicketStatus.Faulted) Assert.IsType<InstanceUnavailableException>(ticket.Exception);
        }
        Assert.Throws<InstanceUnavailableException>(() => IpiHandlers.SendToInstance(test.Runtime, 1, 0, new Ping(0)));
        Assert.False(File.Exists(Member.SegmentPath(name, 1)), "the dead peer's segment was left behind");
        IpiHandlers.Send(test.Runtime, 1, new Ping(-1)).Wait(); // this runtime works on
    }

    [LinuxFact]
    public void A_peer_that_leaves_is_reported_and_sends_to_it_fail_clearly()
    {
        string name = Member.UniqueName();
        Member.ResetCounters();
        using var test = new Member(name, 0);
        var lost = new BlockingCollection<PeerLostEventArgs>();
        test.Instance.PeerLost += (_, e) => lost.Add(e);
        using var peer = PeerProcess.Start(name, instance: 1, peer: 0);
        test.Link(1);

        peer.Dispose(); // it leaves and exits

        Assert.True(lost.TryTake(out PeerLostEventArgs? gone, Wait.Generous), "the departure was not reported");
        Assert.Equal(InstanceUnavailableReason.Left, gone!.Reason);
        var failure = Assert.Throws<InstanceUnavailableException>(() => IpiHandlers.SendToInstance(test.Runtime, 1, 0, new Ping(0)));
        Assert.Equal(1, failure.Instance);
        Assert.False(File.Exists(Member.SegmentPath(name, 1)));
    }
}
