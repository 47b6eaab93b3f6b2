using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace XCall;

/// <summary>
/// The sending end of one ring in a peer's segment: from one sender slot of this instance to one core of the peer.
/// Only the thread holding the slot produces. A ticket of a message is (lane, record number): the peer publishes how
/// many records it finished and which of them faulted, in the lane's reply line.
/// </summary>
/// <remarks>
/// Everything read here from the reply line and the release index was written by another process: it only decides
/// what a ticket reports and how much room the ring has (positions are masked into the ring), so a lying peer can
/// confuse its own tickets, never make this process read or write out of bounds.
/// </remarks>
internal sealed unsafe class OutboundLane : ITicketSource
{
    private readonly PeerLink _link;
    private readonly SenderLine* _sender;
    private readonly ReplyLine* _reply;

    public OutboundLane(PeerLink link, int core, byte* lane, in SegmentLayout layout)
    {
        _link = link;
        Core = core;
        _sender = (SenderLine*)lane;
        _reply = (ReplyLine*)(lane + SegmentLayout.ReplyLineOffset);
        Ring = new Ring(new SegmentMemory(lane + SegmentLayout.RingOffset, layout.RingBytes), layout.RingUnits, layout.RingRecords);
        Debug.Assert(Ring.MaxBodyBytes >= XCallRuntime.MaxPayloadSize, "every message fits an empty ring");
    }

    public Ring Ring { get; }

    public int Core { get; }

    /// <summary>Wake-ups this lane's sender sent the peer's core (written by the slot's thread only).</summary>
    public long WakeupsSent;

    public XCallRuntime Runtime => _link.Owner.Runtime;

    /// <summary>Sender, after publishing: fence, then wake the peer's core if it announced it is parked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Wake()
    {
        // Full fence: the publication above before the read of the wake word (the core announces, fences, then
        // looks at its rings). A sender in another process cannot rely on the core's process-wide barrier.
        Interlocked.MemoryBarrier();
        if (WakeWord.WakeIfParked(_link.WakeWordOf(Core))) WakeupsSent++;
    }

    /// <summary>
    /// Sender, before blocking until <paramref name="bodyBytes"/> fit: asks the peer to signal this instance's attention
    /// word after its next release. False if the room is there already.
    /// </summary>
    public bool RegisterRoomWaiter(int bodyBytes)
    {
        Volatile.Write(ref _sender->WantsSignal, 1);
        Interlocked.MemoryBarrier(); // the flag before the room check; the peer releases, fences, then reads the flag
        if (!Ring.HasRoom(bodyBytes)) return true;
        Volatile.Write(ref _sender->WantsSignal, 0);
        return false;
    }

    public void UnregisterRoomWaiter() => Volatile.Write(ref _sender->WantsSignal, 0);

    public TicketStatus GetStatus(long record, out Exception? fault)
    {
        fault = null;
        if (record < Volatile.Read(ref _reply->Handled)) return Outcome(record, out fault);
        if (_link.Ended is { } ended)
        {
            fault = ended;
            return TicketStatus.Faulted;
        }
        return TicketStatus.Pending;
    }

    /// <summary>How a handled record ended, from the reply line's recent faults (read seqlock-style, as the outcome log is).</summary>
    private TicketStatus Outcome(long record, out Exception? fault)
    {
        fault = null;
        long count = Volatile.Read(ref _reply->FaultCount);
        for (long k = Math.Max(0, count - ReplyLine.FaultSlots); k < count; k++)
        {
            if (Volatile.Read(ref _reply->Faults[k % ReplyLine.FaultSlots]) != record) continue;
            fault = new RemoteHandlerException(_link.Id, Core);
            return TicketStatus.Faulted;
        }
        return record < Volatile.Read(ref _reply->ExpiredBelow) ? TicketStatus.Expired : TicketStatus.Completed;
    }
}
