using System;
using System.Numerics;
using System.Threading;

namespace XCall;

/// <summary>
/// This instance's link with one incarnation of another instance: the peer's mapped segment (its header read-only),
/// the lanes this instance sends on (rings in the peer's segment), the lanes the peer sends on (rings in this
/// instance's segment, consumed by this instance's cores), and the peer's buffer pool as seen from here. A peer that
/// restarts is a new incarnation and gets a new link; the old one ends.
/// </summary>
internal sealed unsafe class PeerLink
{
    private readonly SegmentHeader* _header;        // the peer's, read-only
    private readonly RegionLine* _inboundRegion;     // the peer's region in this instance's segment
    private readonly OutboundLane?[] _outbound;      // by slot × peer core; made by the slot's thread
    private readonly InboundLane[]?[] _inbound;      // by core here, then slot; made by that core
    private InstanceUnavailableException? _ended;

    public PeerLink(MultikernelInstance owner, int id, SegmentFile file, in SegmentLayout layout)
    {
        Owner = owner;
        Id = id;
        File = file;
        Layout = layout;
        _header = file.Header;
        Incarnation = _header->Incarnation;
        ProcessId = _header->Pid;
        _inboundRegion = (RegionLine*)(owner.File.Start + owner.Layout.RegionOffset(id));
        _outbound = new OutboundLane?[layout.SenderSlots * layout.Cores];
        _inbound = new InboundLane[]?[owner.Layout.Cores];
        Pool = new SharedBufferPool(MultikernelInstance.PoolIdOf(id, Incarnation), (int*)(file.Start + layout.StatesOffset), file.Start + layout.DataOffset,
            layout.BufferSize, layout.BufferCount, owner: false, file);
    }

    public MultikernelInstance Owner { get; }

    public int Id { get; }

    public ulong Incarnation { get; }

    public int ProcessId { get; }

    public SegmentFile File { get; }

    /// <summary>The peer's layout, as read and checked once when linking.</summary>
    public SegmentLayout Layout { get; }

    public int Cores => Layout.Cores;

    /// <summary>The peer's buffers, as this instance sees them.</summary>
    public SharedBufferPool Pool { get; }

    /// <summary>Why the link ended, once it did (the exception tickets of unhandled messages report); null while it lasts.</summary>
    public InstanceUnavailableException? Ended => Volatile.Read(ref _ended);

    /// <summary>This instance accepts the peer's messages (its cores opened their lanes and its header says so).</summary>
    public volatile bool AcceptedHere;

    /// <summary>Whether the peer accepts this instance's messages now: it is live, and its header lists this incarnation.</summary>
    public bool AcceptsMessages =>
        _ended is null
        && Volatile.Read(ref _header->State) == (int)InstanceState.Live
        && Volatile.Read(ref SegmentHeader.Accepted(_header)[Owner.Id]) == Owner.Incarnation;

    /// <summary>The state the peer's header shows (it may say anything: only compared).</summary>
    public InstanceState PeerState => (InstanceState)Volatile.Read(ref _header->State);

    public int* WakeWordOf(int core) => (int*)(File.Start + SegmentLayout.WakeWordOffset(core));

    /// <summary>Wakes the peer's service thread (to link, to free a waiting sender, to notice this instance leaving).</summary>
    public void SignalAttention() => WakeWord.Notify((int*)(File.Start + SegmentLayout.AttentionOffset));

    /// <summary>Asks the peer to accept this instance's messages (the peer's service thread answers by linking back).</summary>
    public void Knock()
    {
        var line = (RegionLine*)(File.Start + Layout.RegionOffset(Owner.Id));
        Volatile.Write(ref line->Knock, Owner.Incarnation);
        SignalAttention();
    }

    /// <summary>Ends the link once; false if it had ended already.</summary>
    public bool End(InstanceUnavailableException reason) => Interlocked.CompareExchange(ref _ended, reason, null) is null;

    // ---- sending (the slot's thread) ----

    /// <summary>The lane from sender slot <paramref name="slot"/> to the peer's core <paramref name="core"/>, opened on first use.</summary>
    public OutboundLane LaneFor(int slot, int core) => _outbound[slot * Layout.Cores + core] ?? OpenLane(slot, core);

    private OutboundLane OpenLane(int slot, int core)
    {
        var lane = new OutboundLane(this, core, File.Start + Layout.LaneOffset(Owner.Id, slot, core), Layout);
        // The peer's cores look at the lanes of active slots only: mark ours before the first message is published.
        var region = (RegionLine*)(File.Start + Layout.RegionOffset(Owner.Id));
        Interlocked.Or(ref region->ActiveSlots, 1UL << slot);
        return _outbound[slot * Layout.Cores + core] = lane;
    }

    /// <summary>Messages sent and wake-ups sent on this link.</summary>
    public (long Messages, long Wakeups) SentTotals()
    {
        long messages = 0, wakeups = 0;
        foreach (OutboundLane? lane in _outbound)
        {
            if (lane is null) continue;
            messages += lane.Ring.ProducerRecords;
            wakeups += Volatile.Read(ref lane.WakeupsSent);
        }
        return (messages, wakeups);
    }

    /// <summary>Whether every message sent on this link was handled (or the link ended).</summary>
    public bool SentAllHandled()
    {
        foreach (OutboundLane? lane in _outbound)
            if (lane is not null && lane.GetStatus(lane.Ring.ProducerRecords - 1, out _) == TicketStatus.Pending) return false;
        return true;
    }

    // ---- receiving (this instance's cores) ----

    /// <summary>Core: whether it opened its lanes from this peer (a new link starts with every core's lanes closed).</summary>
    public bool IsOpenOn(int core) => Volatile.Read(ref _inbound[core]) is not null;

    /// <summary>Whether every core here opened its lanes from this peer.</summary>
    public bool IsOpenOnAllCores()
    {
        for (int core = 0; core < _inbound.Length; core++) if (!IsOpenOn(core)) return false;
        return true;
    }

    /// <summary>Core: zeroes and opens its lanes from this peer (nothing produces into them until this instance accepts the peer).</summary>
    public void OpenOn(int core)
    {
        var lanes = new InboundLane[Layout.SenderSlots];
        for (int slot = 0; slot < lanes.Length; slot++)
            lanes[slot] = new InboundLane(Owner.File.Start + Owner.Layout.LaneOffset(Id, slot, core), Owner.Layout);
        Volatile.Write(ref _inbound[core], lanes);
        Owner.SignalAttention(); // the service thread accepts the peer once every core is open
    }

    /// <summary>Core: its lanes from this peer (opened).</summary>
    public InboundLane[] LanesOn(int core) => _inbound[core]!;

    /// <summary>The peer's slots that have lanes (the peer writes this word: only the bits of real slots are used).</summary>
    public ulong ActiveSlots => Volatile.Read(ref _inboundRegion->ActiveSlots) & (ulong.MaxValue >> (64 - Layout.SenderSlots));

    /// <summary>Clears the peer's active slots in this instance's segment (a new link starts with no lanes in use).</summary>
    public void ResetRegion()
    {
        Volatile.Write(ref _inboundRegion->ActiveSlots, 0);
    }

    /// <summary>Messages this instance's cores took from the peer.</summary>
    public long ReceivedTotal()
    {
        long received = 0;
        for (int core = 0; core < _inbound.Length; core++)
        {
            if (Volatile.Read(ref _inbound[core]) is not { } opened) continue;
            foreach (InboundLane lane in opened) received += lane.Ring.ConsumerRecords;
        }
        return received;
    }

    /// <summary>The peer's knock, as this instance's segment holds it.</summary>
    public static ulong KnockIn(MultikernelInstance owner, int id) =>
        Volatile.Read(ref ((RegionLine*)(owner.File.Start + owner.Layout.RegionOffset(id)))->Knock);

    /// <summary>Bits of an active-slot word: a lane is looked at only if its slot exists.</summary>
    public static int NextSlot(ref ulong active)
    {
        int slot = BitOperations.TrailingZeroCount(active);
        active &= active - 1;
        return slot;
    }
}
