using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace XCall;

/// <summary>
/// The receiving end of one ring in this instance's segment: from one sender slot of a peer to one core here. Only that
/// core consumes. It publishes, in the lane's reply line, how far it finished and which records faulted; it keeps its
/// own counts privately and never reads back what it wrote there (the peer can write that line too).
/// </summary>
internal sealed unsafe class InboundLane
{
    private readonly SenderLine* _sender;
    private readonly ReplyLine* _reply;
    private long[] _running = new long[4]; // records of this lane running on the core, outermost first (a handler's wait runs later ones)
    private int _depth;
    private readonly long[] _recentFaults = new long[ReplyLine.FaultSlots]; // what the reply line's entries hold
    private long _faults;
    private long _expiredBelow;

    /// <summary>Zeroes the lane (the peer is a new incarnation, or a new link) and opens it.</summary>
    public InboundLane(byte* lane, in SegmentLayout layout)
    {
        new Span<byte>(lane, (int)layout.LaneBytes).Clear();
        _sender = (SenderLine*)lane;
        _reply = (ReplyLine*)(lane + SegmentLayout.ReplyLineOffset);
        Ring = new Ring(new SegmentMemory(lane + SegmentLayout.RingOffset, layout.RingBytes), layout.RingUnits, layout.RingRecords);
    }

    public Ring Ring { get; }

    /// <summary>Core: the record just taken starts running.</summary>
    public void Begin(long record)
    {
        if (_depth == _running.Length) Array.Resize(ref _running, _depth * 2);
        _running[_depth++] = record;
    }

    /// <summary>Core: the record finished; publishes how far the lane is handled (and the fault first, if it faulted).</summary>
    public void End(bool faulted)
    {
        long record = _running[--_depth];
        if (faulted) RecordFault(record);
        // Release: a sender that sees the record handled sees its fault entry too.
        Volatile.Write(ref _reply->Handled, _depth > 0 ? _running[0] : Ring.ConsumerRecords);
    }

    /// <summary>Core, after releasing records: whether the sender asked to be signalled (the flag is cleared).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TakeSignalRequest()
    {
        // Full fence: our release before the read of the flag; the sender sets the flag, fences, then checks for room.
        Interlocked.MemoryBarrier();
        return Volatile.Read(ref _sender->WantsSignal) != 0 && Interlocked.Exchange(ref _sender->WantsSignal, 0) != 0;
    }

    private void RecordFault(long record)
    {
        int index = (int)(_faults % ReplyLine.FaultSlots);
        if (_faults >= ReplyLine.FaultSlots && _recentFaults[index] + 1 > _expiredBelow)
        {
            // Release, before the entry is overwritten: a reader that misses the old entry sees it may have been dropped.
            _expiredBelow = _recentFaults[index] + 1;
            Volatile.Write(ref _reply->ExpiredBelow, _expiredBelow);
        }
        _recentFaults[index] = record;
        Volatile.Write(ref _reply->Faults[index], record);
        Volatile.Write(ref _reply->FaultCount, ++_faults);
    }
}
