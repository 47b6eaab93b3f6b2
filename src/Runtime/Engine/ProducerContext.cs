using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace XCall;

/// <summary>
/// Everything one sender thread owns in one runtime: its lane to each core (made on first use), its pool of
/// multi-core groups, its admission flag and its counters. Only the owner thread writes here, so nothing on
/// the call path needs an atomic instruction.
/// </summary>
internal sealed class ProducerContext
{
    private readonly Lane?[] _lanes;
    private readonly Lane?[] _highLanes;
    private Group[] _groups = [];
    private int _groupCursor;
    private Hot _hot;
    private int _abandoned;
    private Core? _self;

    public ProducerContext(XCallRuntime runtime, IWaiter waiter)
    {
        Runtime = runtime;
        Waiter = waiter;
        _lanes = new Lane?[runtime.CoreCount];
        _highLanes = new Lane?[runtime.CoreCount];
    }

    public XCallRuntime Runtime { get; }

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

    /// <summary>The id of <see cref="Self"/>, or −1: the sender id a slot records.</summary>
    public int SelfId { get; private set; } = -1;

    /// <summary>Who to wake when a sync call or group of this thread finishes.</summary>
    public IWaiter Waiter { get; private set; }

    public ref Hot Counters => ref _hot;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Lane LaneTo(Core core, CallPriority priority)
    {
        Lane?[] lanes = priority == CallPriority.High ? _highLanes : _lanes;
        return lanes[core.Id] ?? (lanes[core.Id] = Runtime.CreateLane(this, core, priority == CallPriority.High));
    }

    /// <summary>A group none of whose targets is still running (the pool grows only while all are busy).</summary>
    public Group RentGroup()
    {
        Group[] groups = _groups;
        for (int i = 0; i < groups.Length; i++)
        {
            int index = (_groupCursor + i) % groups.Length;
            if (groups[index].IsFree)
            {
                _groupCursor = index + 1;
                return groups[index];
            }
        }
        var group = new Group(this, Runtime.CoreCount);
        var grown = new Group[groups.Length == 0 ? 4 : groups.Length * 2];
        groups.CopyTo(grown, 0);
        grown[groups.Length] = group;
        for (int i = groups.Length + 1; i < grown.Length; i++) grown[i] = new Group(this, Runtime.CoreCount);
        _groups = grown;
        _groupCursor = groups.Length + 1;
        return group;
    }

    /// <summary>
    /// Marks this thread as inside a send and checks admission. The flag store needs no fence here: disposal
    /// closes admission, then issues a process-wide barrier before reading every flag (asymmetric Dekker), so
    /// either this thread sees admission closed, or disposal sees the flag and waits for the send to finish.
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

    /// <summary>The owner thread ended: a new thread may take this context over, lanes and all.</summary>
    public void Abandon() => Volatile.Write(ref _abandoned, 1);

    /// <summary>Claims an abandoned context for <paramref name="waiter"/>'s thread.</summary>
    public bool TryAdopt(IWaiter waiter)
    {
        if (Interlocked.CompareExchange(ref _abandoned, 0, 1) != 1) return false;
        Waiter = waiter;
        return true;
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

/// <summary>
/// Holds a thread's claim on its producer context. Nothing but the thread's own statics reference it, so
/// when the thread ends it becomes garbage and its finalizer frees the context for another thread.
/// </summary>
internal sealed class ContextLease
{
    public ContextLease(ProducerContext context) => Context = context;

    public ProducerContext Context { get; }

    ~ContextLease() => Context.Abandon();
}
