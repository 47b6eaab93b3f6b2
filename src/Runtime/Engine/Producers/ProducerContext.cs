using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace XCall;

/// <summary>
/// Everything one sender thread owns in one runtime: its lane to each core (made on first use), its multi-core
/// groups, its reply cells, its admission flag and its counters. Only the owner thread writes here (cores write
/// only into the cells and groups they were sent), so nothing on the call path needs an atomic instruction.
/// When the owner thread ends, the next new sender adopts the whole context (see <see cref="ProducerRegistry"/>).
/// </summary>
internal sealed class ProducerContext
{
    private readonly Lane?[] _lanes;
    private readonly Lane?[] _highLanes;
    private Group[] _groups = []; // copy-on-write: cores look groups up by index without a lock
    private int _groupCursor;
    private Hot _hot;
    private Core? _self;

    public ProducerContext(XCallRuntime runtime, Thread owner, IWaiter waiter)
    {
        Runtime = runtime;
        Owner = owner;
        Waiter = waiter;
        _lanes = new Lane?[runtime.CoreCount];
        _highLanes = new Lane?[runtime.CoreCount];
    }

    public XCallRuntime Runtime { get; }

    /// <summary>The thread that owns the context now.</summary>
    public Thread Owner { get; private set; }

    /// <summary>Who to wake when a sync call, group or room this thread waits for is ready.</summary>
    public IWaiter Waiter { get; private set; }

    public ReplyCells Replies { get; } = new();

    /// <summary>The core this thread runs as now (a core thread, or a thread stepping a core of the manual chip), or null.</summary>
    public Core? Self
    {
        get => _self;
        set
        {
            _self = value;
            SelfId = value?.Id ?? -1;
        }
    }

    /// <summary>The id of <see cref="Self"/>, or −1: the sender id a record carries.</summary>
    public int SelfId { get; private set; } = -1;

    /// <summary>Where a search for "any core" starts for a thread that is not a core (advances per search, so one
    /// script gives the same placements on any thread).</summary>
    public int AnyCursor;

    public ref Hot Counters => ref _hot;

    /// <summary>1 while the owner blocks waiting for room in a lane (disposal and TakeOffline wake it to look again).</summary>
    public int WaitingForRoom;

    /// <summary>Whether the owner thread ended (the context can be adopted).</summary>
    public bool IsOrphaned => !Owner.IsAlive;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Lane LaneTo(Core core, CallPriority priority)
    {
        Lane?[] lanes = priority == CallPriority.High ? _highLanes : _lanes;
        return lanes[core.Id] ?? (lanes[core.Id] = Runtime.CreateLane(this, core, priority == CallPriority.High));
    }

    /// <summary>The lanes this context made so far (for statistics and footprint).</summary>
    public int LaneCount
    {
        get
        {
            int count = 0;
            foreach (Lane? lane in _lanes) if (lane is not null) count++;
            foreach (Lane? lane in _highLanes) if (lane is not null) count++;
            return count;
        }
    }

    /// <summary>
    /// After publishing into <paramref name="lane"/>: rings its core's doorbell if the lane went dormant, and wakes the
    /// core if it is parked. Always at once, also from a core: a handler may block after sending (the analyzers flag
    /// it, the runtime still must not deadlock on it), and a wake-up deferred past that would never be sent.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Notify(Lane lane)
    {
        lane.Target.Notice(lane);
        lane.Target.Wake(ref _hot);
    }

    /// <summary>The thread's open batch in this runtime, if any (see <see cref="CallBatch"/>).</summary>
    public CallBatch Batch => _batch ??= new CallBatch(this);

    private CallBatch? _batch;

    /// <summary>
    /// Multi-core calls one thread may have running at once before the next one waits for one of them (as a full queue
    /// makes a sender wait): each holds a group, and the pool of groups grows to the most ever running at once.
    /// </summary>
    public const int MaxRunningGroups = 256;

    /// <summary>
    /// A group none of whose targets is still running (the pool grows while all are busy), or null with the group to wait
    /// for in <paramref name="running"/> when <see cref="MaxRunningGroups"/> of them still run. Groups whose calls finished
    /// but whose awaiting senders have not collected the results yet do not count: only their awaiters can free them.
    /// </summary>
    public Group? RentGroup(out Group? running)
    {
        running = null;
        Group[] groups = _groups;
        int busy = 0;
        for (int i = 0; i < groups.Length; i++)
        {
            int index = _groupCursor + i < groups.Length ? _groupCursor + i : _groupCursor + i - groups.Length;
            Group candidate = groups[index];
            if (candidate.IsFree)
            {
                _groupCursor = index + 1;
                return candidate;
            }
            if (candidate.IsFinished) continue;
            running ??= candidate; // the oldest use after the cursor: the likeliest to finish first
            busy++;
        }
        if (busy >= MaxRunningGroups) return null;
        running = null;
        if (groups.Length >= CallRecord.MaxIndex)
            throw new InvalidOperationException($"A thread has {groups.Length} multi-core calls in flight, the most one thread can have.");
        var group = new Group(this, groups.Length);
        var grown = new Group[groups.Length + 1];
        groups.CopyTo(grown, 0);
        grown[^1] = group;
        Volatile.Write(ref _groups, grown);
        _groupCursor = 0;
        return group;
    }

    /// <summary>Core: the group a record names.</summary>
    public Group GroupAt(int index) => Volatile.Read(ref _groups)[index];

    /// <summary>
    /// Marks this thread as inside a send and checks admission. The flag store needs no fence here: disposal and
    /// TakeOffline change admission, then issue a process-wide barrier before reading every flag (asymmetric
    /// Dekker), so either this thread sees the change, or they see the flag and wait for the send to finish.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EnterSend()
    {
        Volatile.Write(ref _hot.InSend, 1);
        if (Runtime.IsClosed)
        {
            Volatile.Write(ref _hot.InSend, 0);
            Runtime.ThrowClosed();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ExitSend() => Volatile.Write(ref _hot.InSend, 0);

    public bool IsSending => Volatile.Read(ref _hot.InSend) != 0;

    /// <summary>The calling thread takes over this orphaned context, lanes and all. Under the registry's lock.</summary>
    public void Adopt(Thread owner, IWaiter waiter)
    {
        Owner = owner;
        Waiter = waiter;
        Self = null;
    }

    /// <summary>The owner-written hot fields, padded away from what other threads write.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Hot
    {
#pragma warning disable CS0169 // padding, never read
        private PaddedLong _before;
        // Only rare events are counted on the call path; sends are counted by the lanes' positions.
        public int InSend;
        public long Inline;
        public long Multicast;
        public long MulticastSlots;
        public long WakeupsSent;
        public long QueueFull;
        private PaddedLong _after;
#pragma warning restore CS0169
    }
}
