using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace XCall;

/// <summary>
/// One core: a dedicated thread that runs its queues (high-priority lanes, private requests, then normal lanes
/// in batches) and parks when idle. Also the consumer side of every lane that targets it.
/// </summary>
internal sealed unsafe class Core : IWaiter
{
    /// <summary>The most calls taken from one lane before the core looks at its other lanes and high-priority work.</summary>
    public const int BatchSize = 64;

    /// <summary>How deep a waiting handler may run further calls of its own core before it only waits.</summary>
    public const int MaxNesting = 32;

    [ThreadStatic] private static Core? t_current;

    private Lane[] _lanes = [];
    private Lane[] _highLanes = [];
    private PaddedRequest _inbox; // private requests: a lock-free stack pushed by senders, taken whole by the core
    private XCallRequest? _taken; // requests taken from the inbox, oldest first, not yet run
    private PaddedInt _parked;    // 1 while the core announced it is parked; senders read it after every publish
    private Hot _hot;             // written by the core on every call
    private volatile bool _online = true;
    private volatile bool _stopRequested;
    private volatile bool _cancelling;
    private long _requestsIssued;
    private long _requestsFinished;
    private Thread? _thread;
    private PaddedIpiEntry _runningIpi; // written by the core per IPI handler; read by unregistration
    private readonly ManualResetEventSlim _exited = new(false);
    private readonly Nested[] _nested = new Nested[MaxNesting]; // the calls waiting up the stack, outermost first
    private int _laneCount;

    public Core(XCallRuntime runtime, int id)
    {
        Runtime = runtime;
        Id = id;
        _hot.CurrentLane = -1;
    }

    public XCallRuntime Runtime { get; }

    public int Id { get; }

    /// <summary>The core whose queue the calling thread is running, if any (of any runtime).</summary>
    public static Core? Current => t_current;

    public bool IsOnline
    {
        get => _online;
        set => _online = value;
    }

    public long CallsRun => Volatile.Read(ref _hot.Completed);

    public long Faults => Volatile.Read(ref _hot.Faults);

    public nint RunningThunk => Volatile.Read(ref _hot.CurrentThunk);

    public bool IsParked => Volatile.Read(ref _parked.Value) != 0;

    /// <summary>Roughly idle: parked, or running nothing with nothing queued (for "any core" placement).</summary>
    public bool LooksIdle => IsParked || (RunningThunk == 0 && Depth == 0);

    public int Depth
    {
        get
        {
            long depth = Volatile.Read(ref _requestsIssued) - Volatile.Read(ref _requestsFinished);
            foreach (Lane lane in Volatile.Read(ref _lanes)) depth += lane.Depth;
            foreach (Lane lane in Volatile.Read(ref _highLanes)) depth += lane.Depth;
            return (int)Math.Min(depth, int.MaxValue);
        }
    }

    public long RequestsIssued => Volatile.Read(ref _requestsIssued);

    public long RequestsFinished => Volatile.Read(ref _requestsFinished);

    /// <summary>Every lane into this core (normal first, then high), for fences and statistics.</summary>
    public Lane[] Lanes => Volatile.Read(ref _lanes);

    public Lane[] HighLanes => Volatile.Read(ref _highLanes);

    /// <summary>The IPI handler this core runs now (read by unregistration, which waits for it to change).</summary>
    public IpiHandlerEntry? RunningIpi
    {
        get => Volatile.Read(ref _runningIpi.Value);
        set => Volatile.Write(ref _runningIpi.Value, value);
    }

    /// <summary>A number for the next lane into this core. Called under the runtime's lock.</summary>
    public int NextLaneId() => _laneCount++;

    /// <summary>Adds a lane (copy-on-write: the core reads the array without a lock). Called under the runtime's lock.</summary>
    public void AddLane(Lane lane)
    {
        ref Lane[] lanes = ref lane.IsHigh ? ref _highLanes : ref _lanes;
        var grown = new Lane[lanes.Length + 1];
        lanes.CopyTo(grown, 0);
        grown[^1] = lane;
        Volatile.Write(ref lanes, grown);
    }

    public void StartThread(int? cpu)
    {
        _thread = new Thread(() => Run(cpu))
        {
            IsBackground = true,
            Name = $"{Runtime.Name} core {Id}",
        };
        _thread.Start();
    }

    private void Run(int? cpu)
    {
        t_current = this;
        if (cpu is int target) ThreadAffinity.PinCurrentThread(target);
        Runtime.BindCoreThread(this);
        try
        {
            while (true)
            {
                if (Poll() != 0) continue;
                if (_stopRequested)
                {
                    // Admission closed before the stop request, so one empty poll means everything accepted ran.
                    if (Poll() == 0) break;
                    continue;
                }
                Idle();
            }
        }
        finally
        {
            t_current = null;
            _exited.Set();
        }
    }

    /// <summary>Runs what is queued: high priority first, then private requests, then each normal lane up to a batch.</summary>
    public int Poll()
    {
        int ran = DrainHigh();
        ran += DrainRequests(int.MaxValue);
        Lane[] lanes = Volatile.Read(ref _lanes);
        int count = lanes.Length;
        if (count != 0)
        {
            int start = _hot.Cursor < count ? _hot.Cursor : 0; // rotate the starting lane so no sender is always last
            _hot.Cursor = start + 1;
            for (int i = 0; i < count; i++)
            {
                int index = start + i;
                ran += Drain(lanes[index < count ? index : index - count], BatchSize);
                if (Volatile.Read(ref _highLanes).Length != 0) ran += DrainHigh();
            }
        }
        if (ran != 0 && Runtime.Waiters.HasWaiters) Runtime.Waiters.Poke();
        return ran;
    }

    /// <summary>Runs queued calls from inside a waiting handler, so A → B → A call chains never deadlock.</summary>
    public int PollNested()
    {
        int level = _hot.Nesting;
        if (level >= MaxNesting) return 0;
        ref Nested waiting = ref _nested[level];
        waiting = new Nested(_hot.CurrentLane, _hot.CurrentPosition);
        _hot.Nesting = level + 1;
        try
        {
            return Poll();
        }
        finally
        {
            _hot.Nesting = level;
            (_hot.CurrentLane, _hot.CurrentPosition) = (waiting.Lane, waiting.Position);
        }
    }

    private int DrainHigh()
    {
        int ran = 0;
        foreach (Lane lane in Volatile.Read(ref _highLanes)) ran += Drain(lane, int.MaxValue);
        return ran;
    }

    private int Drain(Lane lane, int budget)
    {
        int ran = 0;
        while (ran < budget)
        {
            byte* slot = lane.TryTake(out long position);
            if (slot == null) break;
            Execute(lane, slot, position);
            ran++;
        }
        if (ran != 0) lane.PublishRelease(ReleasableBelow(lane));
        return ran;
    }

    /// <summary>
    /// The lane's release index: everything taken finished, except calls of this lane that are waiting further
    /// up this thread's stack (a handler that runs nested calls while it waits has not finished yet).
    /// </summary>
    private long ReleasableBelow(Lane lane)
    {
        long release = lane.ConsumerPosition;
        for (int i = 0; i < _hot.Nesting; i++)
        {
            ref Nested outer = ref _nested[i];
            if (outer.Lane == lane.Id && outer.Position < release) release = outer.Position;
        }
        return release;
    }

    public bool HasWork
    {
        get
        {
            if (_taken is not null || Volatile.Read(ref _inbox.Value) is not null) return true;
            foreach (Lane lane in Volatile.Read(ref _highLanes)) if (lane.HasWork) return true;
            foreach (Lane lane in Volatile.Read(ref _lanes)) if (lane.HasWork) return true;
            return false;
        }
    }

    private void Execute(Lane lane, byte* slot, long position)
    {
        ref SlotRefs refs = ref lane.RefsAt(position);
        SlotFlags flags = Slot.Flags(slot);
        bool cancelled = _cancelling;
        Exception? fault = null;
        if (!cancelled)
        {
            _hot.CurrentLane = lane.Id; // for PollNested: this call stays unreleased while it waits
            _hot.CurrentPosition = position;
            var frame = new CallFrame(Runtime, Id, Slot.Sender(slot), ref *Slot.Payload(slot), ref refs, (void*)Slot.Result(slot),
                Slot.Auxiliary(slot), (flags & SlotFlags.ResultInSlot) != 0);
            fault = Invoke(Slot.Thunk(slot), ref frame);
            // The common case: an async call with no references that ran cleanly writes nothing back. The lane's
            // release index, published after the batch, is its completion.
            if (flags == SlotFlags.None && fault is null) return;
            // A small result goes back in the line the stamp is in (the arguments are dead now), not to the caller's stack.
            if ((flags & SlotFlags.ResultInSlot) != 0) Unsafe.WriteUnaligned(Slot.Payload(slot), frame.SmallResult);
        }
        Complete(lane, slot, position, ref refs, flags, fault, cancelled);
    }

    private void Complete(Lane lane, byte* slot, long position, ref SlotRefs refs, SlotFlags flags, Exception? fault, bool cancelled)
    {
        // Everything the completion writes lands before the terminal stamp: a sync caller returns as soon as it sees it.
        long status = cancelled ? SlotStatus.Cancelled : fault is null ? SlotStatus.Done : SlotStatus.Faulted;
        if ((flags & SlotFlags.HasRefs) != 0) refs.ClearArguments();
        if ((flags & SlotFlags.Grouped) != 0)
        {
            Group group = refs.Group!;
            refs.Group = null;
            group.Complete(Id, fault, cancelled);
        }
        else if ((flags & SlotFlags.Sync) != 0)
        {
            if (fault is not null) refs.Fault = fault; // null already: the caller clears the fault it takes
            // Release: the result and fault are visible to a caller that sees the stamp. Then the waiter flag, read
            // without a fence of our own: the caller sets it and issues a process-wide barrier before re-checking the
            // stamp (SlotCondition.Register), so a caller that blocks is always seen here and woken.
            Volatile.Write(ref Slot.Stamp(slot), SlotStatus.Make(position, status));
            if ((Slot.ReadFlags(slot) & SlotFlags.Waiter) != 0) lane.Owner.Waiter.Signal();
        }
        else if (status != SlotStatus.Done)
        {
            refs.Fault = fault;
            // Release: the fault is visible to a ticket that sees the terminal stamp (after the release index).
            Volatile.Write(ref Slot.Stamp(slot), SlotStatus.Make(position, status));
            if (fault is not null) lane.CountFault();
        }
    }

    /// <summary>Runs one handler, counting it and reporting what it throws; never lets an exception out.</summary>
    public Exception? Invoke(nint thunk, ref CallFrame frame)
    {
        nint outer = _hot.CurrentThunk;
        // Plain stores to the core's own line: the stall watchdog samples them racily, which is all it needs.
        _hot.CurrentThunk = thunk;
        try
        {
            ((delegate*<ref CallFrame, void>)thunk)(ref frame);
            return null;
        }
        catch (Exception fault)
        {
            _hot.Faults++;
            Runtime.ReportFault(this, thunk, fault);
            return fault;
        }
        finally
        {
            _hot.CurrentThunk = outer;
            _hot.Completed++;
        }
    }

    /// <summary>Queues a private request (the Linux llist push): lock-free, never full.</summary>
    public void Enqueue(XCallRequest request)
    {
        Interlocked.Increment(ref _requestsIssued);
        XCallRequest? head;
        do
        {
            head = Volatile.Read(ref _inbox.Value);
            request.Next = head;
        }
        while (Interlocked.CompareExchange(ref _inbox.Value, request, head) != head);
    }

    private int DrainRequests(int budget)
    {
        if (_taken is null)
        {
            if (Volatile.Read(ref _inbox.Value) is null) return 0;
            XCallRequest? newestFirst = Interlocked.Exchange(ref _inbox.Value, null);
            // The stack holds the newest first: reverse it to run requests in the order they came.
            while (newestFirst is not null)
            {
                XCallRequest next = newestFirst.Next!;
                newestFirst.Next = _taken;
                _taken = newestFirst;
                newestFirst = next;
            }
        }
        int ran = 0;
        while (ran < budget && _taken is { } request)
        {
            _taken = request.Next;
            request.Next = null;
            _hot.CurrentLane = -1; // a request completes on its own: a wait inside it holds no lane back
            request.Run(this, _cancelling);
            Interlocked.Increment(ref _requestsFinished);
            ran++;
        }
        return ran;
    }

    private void Idle()
    {
        IpiChip chip = Runtime.Chip;
        if (!chip.CoresPark)
        {
            chip.Wait(Id, 0);
            if (++_hot.IdleRounds % 4096 == 0) Thread.Yield(); // every ~150 µs: let other threads run when cores outnumber CPUs
            return;
        }
        var spinner = new Spinner(Runtime.PollWindowTicks, Runtime.Oversubscribed);
        do
        {
            if (HasWork || _stopRequested) return;
        }
        while (spinner.Pause());
        var stop = new StopCondition(this);
        Park(ref stop, Timeout.Infinite);
    }

    /// <summary>
    /// Announces the core parked, re-checks, and blocks in the chip. The process-wide barrier is the heavy half of
    /// an asymmetric Dekker with every sender (a sender publishes, then reads the parked flag with no fence):
    /// after it, either this re-check sees the sender's call, or the sender sees the flag and notifies.
    /// </summary>
    public void Park<TCondition>(ref TCondition condition, int millisecondsTimeout) where TCondition : struct, IWaitCondition
    {
        Volatile.Write(ref _parked.Value, 1);
        Interlocked.MemoryBarrierProcessWide();
        if (!HasWork && !condition.IsSatisfied) Runtime.Chip.Wait(Id, millisecondsTimeout);
        Volatile.Write(ref _parked.Value, 0);
    }

    /// <summary>Sender side: wakes the core if it announced it is parked (once per park: the exchange coalesces wake-ups).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Wake(ref ProducerContext.Hot counters)
    {
        if (Volatile.Read(ref _parked.Value) != 0 && Interlocked.Exchange(ref _parked.Value, 0) != 0)
        {
            Runtime.Chip.Notify(Id);
            counters.WakeupsSent++;
        }
    }

    /// <summary>A wake-up with no call (the hobby kernel's ipi_wake_up): true if the core was parked and got a signal.</summary>
    public bool WakeUp()
    {
        if (Interlocked.Exchange(ref _parked.Value, 0) == 0) return false;
        Runtime.Chip.Notify(Id);
        return true;
    }

    /// <summary>Wakes this core when a call or group it waits for finished (it may be parked in <see cref="Park"/>).</summary>
    public void Signal() => Runtime.Chip.Notify(Id);

    /// <summary>Makes the core stop once everything accepted ran.</summary>
    public void RequestStop()
    {
        _stopRequested = true;
        Runtime.Chip.Notify(Id);
    }

    /// <summary>From now on queued calls end as cancelled instead of running.</summary>
    public void CancelRemaining()
    {
        _cancelling = true;
        Runtime.Chip.Notify(Id);
    }

    public bool WaitForExit(TimeSpan timeout) => _exited.Wait(timeout);

    /// <summary>Marks the core as driven by the manual chip: the stepping thread runs its queue.</summary>
    public void MarkParked() => Volatile.Write(ref _parked.Value, 1);

    /// <summary>Runs this core's queue on the calling thread as if it were the core (the manual chip's step).</summary>
    public int RunOnCallingThread(int budget)
    {
        Core? outer = t_current;
        ProducerContext context = Runtime.Context();
        Core? outerSelf = context.Self;
        t_current = this;
        context.Self = this;
        try
        {
            int ran = 0;
            while (ran < budget)
            {
                int step = budget - ran >= BatchSize ? Poll() : DrainOne();
                if (step == 0) break;
                ran += step;
            }
            return ran;
        }
        finally
        {
            t_current = outer;
            context.Self = outerSelf;
        }
    }

    /// <summary>Runs exactly one queued call, in the order Poll would, for fine-grained manual stepping.</summary>
    private int DrainOne()
    {
        int ran = 0;
        foreach (Lane lane in Volatile.Read(ref _highLanes))
            if ((ran = Drain(lane, 1)) != 0) break;
        if (ran == 0) ran = DrainRequests(1);
        Lane[] lanes = Volatile.Read(ref _lanes);
        for (int i = 0; ran == 0 && i < lanes.Length; i++)
        {
            int index = (int)((uint)(_hot.Cursor + i) % (uint)lanes.Length);
            if ((ran = Drain(lanes[index], 1)) != 0) _hot.Cursor = index + 1;
        }
        if (ran != 0 && Runtime.Waiters.HasWaiters) Runtime.Waiters.Poke();
        return ran;
    }

    /// <summary>A call that runs nested calls while it waits: its lane must not be released past it.</summary>
    private readonly record struct Nested(int Lane, long Position);

    private readonly struct StopCondition(Core core) : IWaitCondition
    {
        public bool IsSatisfied => core._stopRequested || core._cancelling;

        public bool Register(IWaiter waiter) => !IsSatisfied;

        public void Unregister(IWaiter waiter)
        {
        }
    }

    /// <summary>Fields the core writes on every call, kept off the lines senders read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Hot
    {
#pragma warning disable CS0169 // padding, never read
        private PaddedLong _before;
        public long Completed;
        public nint CurrentThunk;
        public long Faults;
        public long IdleRounds;
        public int Cursor; // the lane a poll starts at
        public int Nesting; // polls running inside waiting handlers
        public int CurrentLane; // the lane and position of the call running now (-1: not a lane call)
        public long CurrentPosition;
        private PaddedLong _after;
#pragma warning restore CS0169
    }

    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedRequest
    {
        [FieldOffset(64)] public XCallRequest? Value;
    }

    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedIpiEntry
    {
        [FieldOffset(64)] public IpiHandlerEntry? Value;
    }
}
