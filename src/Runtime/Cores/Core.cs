using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace XCall;

/// <summary>
/// One core: a dedicated thread (or, under the manual chip, whoever steps it) that runs its queues — high-priority
/// lanes, private requests, then normal lanes in batches — and parks when idle. It is the consumer of every lane
/// into it. A wait on a core keeps serving this queue (see <see cref="XCallRuntime.Wait{TCondition}"/>).
/// </summary>
internal sealed unsafe partial class Core
{
    /// <summary>The most calls taken from one lane before the core looks at its other lanes and high-priority work.</summary>
    public const int BatchSize = 64;

    /// <summary>Idle polls between sweeps for dormant lanes on a core that does not park (a power of two).</summary>
    private const int SweepInterval = 4096;

    [ThreadStatic] private static Core? t_current;

    private readonly LaneSet _lanes = new();
    private Lane[] _highLanes = [];
    private readonly Inbox _inbox = new();
    private Hot _hot;             // written by the core on every call
    private Running _running;     // the call running now, written by the core around every call
    private volatile bool _online = true;
    private volatile bool _stopRequested;
    private volatile bool _cancelling;

    public Core(XCallRuntime runtime, int id)
    {
        Runtime = runtime;
        Id = id;
    }

    public XCallRuntime Runtime { get; }

    public int Id { get; }

    /// <summary>The core whose queue the calling thread is running, if any (of any runtime).</summary>
    public static Core? Current
    {
        get => t_current;
        set => t_current = value;
    }

    /// <summary>The calls waiting on this core's stack.</summary>
    public RunningStack Stack { get; } = new();

    public bool IsOnline
    {
        get => _online;
        set => _online = value;
    }

    public bool IsStopRequested => _stopRequested;

    /// <summary>Once set, queued calls end as cancelled instead of running (shutdown past the drain timeout).</summary>
    public bool IsCancelling => _cancelling;

    public long CallsRun => Volatile.Read(ref _hot.Completed);

    public long Faults => Volatile.Read(ref _hot.Faults);

    public nint RunningThunk => Volatile.Read(ref _hot.CurrentThunk);

    /// <summary>Roughly idle: parked, or running nothing with nothing queued (for "any core" placement).</summary>
    public bool LooksIdle => IsParked || (RunningThunk == 0 && Depth == 0);

    /// <summary>Calls queued or running (racy; for statistics and placement).</summary>
    public int Depth
    {
        get
        {
            long depth = _inbox.Depth;
            foreach (Lane lane in _lanes.All) depth += lane.Depth;
            foreach (Lane lane in Volatile.Read(ref _highLanes)) depth += lane.Depth;
            return (int)Math.Min(depth, int.MaxValue);
        }
    }

    public Inbox Inbox => _inbox;

    /// <summary>Every lane into this core, normal ones then high-priority ones.</summary>
    public Lane[] Lanes => _lanes.All;

    public Lane[] HighLanes => Volatile.Read(ref _highLanes);

    /// <summary>How many normal lanes the core polls every round: the others are dormant.</summary>
    public int ActiveLaneCount => _lanes.ActiveCount;

    /// <summary>Adds a lane. Called under the runtime's lock.</summary>
    public void AddLane(Lane lane)
    {
        if (!lane.IsHigh)
        {
            _lanes.Add(lane);
            return;
        }
        Lane[] lanes = _highLanes;
        var grown = new Lane[lanes.Length + 1];
        lanes.CopyTo(grown, 0);
        grown[^1] = lane;
        Volatile.Write(ref _highLanes, grown);
    }

    /// <summary>Producer, after publishing into <paramref name="lane"/>: rings the doorbell if the core stopped polling the lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Notice(Lane lane)
    {
        if (lane.IsDormant) _lanes.Ring(lane);
    }

    /// <summary>The thread's loop: poll, and when there is nothing to run, idle (spin, then park).</summary>
    public void Run()
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

    /// <summary>Runs what is queued: high priority first, then private requests, then each active lane up to a batch.</summary>
    public int Poll()
    {
        int ran = DrainHigh();
        ran += DrainRequests(int.MaxValue);
        ReadOnlySpan<Lane> active = _lanes.BeginRound(out int start);
        for (int i = 0; i < active.Length; i++)
        {
            int index = start + i < active.Length ? start + i : start + i - active.Length;
            Lane lane = active[index];
            int taken = Drain(lane, BatchSize);
            if (taken != 0)
            {
                _lanes.MarkBusy(lane);
                ran += taken;
            }
            if (Volatile.Read(ref _highLanes).Length != 0) ran += DrainHigh();
        }
        foreach (IInboundQueue inbound in Runtime.Inbound) ran += inbound.Drain(this, BatchSize);
        if (ran == 0 && (++_hot.EmptyPolls & (SweepInterval - 1)) == 0) SweepIdleLanes(all: false);
        if (ran != 0 && Runtime.Waiters.HasWaiters) Runtime.Waiters.Poke();
        return ran;
    }

    /// <summary>Runs exactly one queued call, in the order <see cref="Poll"/> would (manual stepping).</summary>
    public int PollOne()
    {
        int ran = 0;
        foreach (Lane lane in Volatile.Read(ref _highLanes))
            if ((ran = Drain(lane, 1)) != 0) break;
        if (ran == 0) ran = DrainRequests(1);
        foreach (IInboundQueue inbound in Runtime.Inbound)
            if (ran == 0) ran = inbound.Drain(this, 1);
        if (ran == 0)
        {
            ReadOnlySpan<Lane> active = _lanes.BeginRound(out int start);
            for (int i = 0; ran == 0 && i < active.Length; i++)
            {
                Lane lane = active[start + i < active.Length ? start + i : start + i - active.Length];
                if ((ran = Drain(lane, 1)) != 0) _lanes.MarkBusy(lane);
            }
        }
        if (ran != 0 && Runtime.Waiters.HasWaiters) Runtime.Waiters.Poke();
        return ran;
    }

    /// <summary>Whether anything waits to run (checked before parking, after the barrier).</summary>
    public bool HasWork
    {
        get
        {
            if (_inbox.HasWork) return true;
            foreach (Lane lane in Volatile.Read(ref _highLanes)) if (lane.ConsumerRing.HasRecord) return true;
            foreach (IInboundQueue inbound in Runtime.Inbound) if (inbound.HasWork(this)) return true;
            return _lanes.HasRecord();
        }
    }

    /// <summary>
    /// A wait on this core begins inside the call running now: that call stays on the stack (so its ticket reads
    /// pending and cycles can be found) while the wait serves the queue. Pair with <see cref="ExitWait"/>.
    /// </summary>
    /// <exception cref="InsufficientExecutionStackException">The thread's stack cannot take another nested call.</exception>
    public void EnterWait(in CallId awaited)
    {
        EnsureRoomToWait();
        Volatile.Write(ref _running.WaitVersion, _running.WaitVersion + 1);
        Stack.Push(CurrentCall, _hot.CurrentThunk, awaited);
        Volatile.Write(ref _running.WaitVersion, _running.WaitVersion + 1);
    }

    public void ExitWait()
    {
        Debug.Assert(Stack.Depth > 0, "every wait that ends began");
        CallId resumed = Stack.Innermost();
        Volatile.Write(ref _running.WaitVersion, _running.WaitVersion + 1);
        SetCurrent(resumed.Source, resumed.Token);
        Stack.Pop();
        Volatile.Write(ref _running.WaitVersion, _running.WaitVersion + 1);
    }

    /// <summary>
    /// Throws unless this core's stack has room for a wait that serves its queue. Checked before a sync call is sent
    /// too: a call sent and then abandoned for want of stack would run on, and its chain with it.
    /// </summary>
    /// <exception cref="InsufficientExecutionStackException">The stack cannot take another nested call.</exception>
    public void EnsureRoomToWait()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw TooDeep();
    }

    private InsufficientExecutionStackException TooDeep() => new(
        $"Core {Id} cannot serve its queue any deeper: {Stack.Depth} calls are waiting on its stack (a chain of nested cross calls). " +
        "Give cores a larger stack (XCallOptions.CoreStackSize) or make the chain shorter.");

    private int DrainHigh()
    {
        int ran = 0;
        foreach (Lane lane in Volatile.Read(ref _highLanes)) ran += Drain(lane, int.MaxValue);
        return ran;
    }

    private int Drain(Lane lane, int budget)
    {
        Ring ring = lane.ConsumerRing;
        int ran = 0;
        while (ran < budget)
        {
            byte* body = ring.TryTake(out ulong stamp, out long position);
            if (body == null)
            {
                if (lane.TryMoveOn(out ring)) continue; // the lane grew: its calls go on in a larger ring
                break;
            }
            Execute(lane, body, stamp, position);
            ran++;
        }
        return ran;
    }

    /// <summary>
    /// Runs one lane call: copies it out of the ring and releases its room at once (so a call that waits, however
    /// long, never holds its lane), runs it, and puts its outcome where its sender looks. The call counts as running
    /// — its ticket reads pending — while it is the core's current call or waits on the core's stack.
    /// </summary>
    [SkipLocalsInit]
    private void Execute(Lane lane, byte* body, ulong stamp, long position)
    {
        Debug.Assert(Current == this, "a core's calls run on the thread that runs the core");
        Debug.Assert(lane.Target == this, "a lane is drained by its own core");
        CallKind kind = CallRecord.Kind(stamp);
        nint thunk = *(nint*)body;
        int argsAt = CallRecord.ThunkBytes;
        if ((kind & CallKind.Timed) != 0)
        {
            if (Runtime.Metrics.RecordsQueueTime) Runtime.Metrics.RecordQueueTime(Id, *(long*)(body + argsAt));
            argsAt += CallRecord.TimeBytes;
        }
        Unsafe.SkipInit(out ArgsCopy copy); // only the bytes copied in are ever read
        ref byte args = ref Unsafe.As<ArgsCopy, byte>(ref copy);
        // Unit by unit (a body is whole 8-byte units): most calls carry one or two, a loop beats a call to memmove.
        long* from = (long*)(body + argsAt), end = (long*)(body + Ring.BodyBytes(stamp));
        for (ref long to = ref Unsafe.As<byte, long>(ref args); from < end; from++, to = ref Unsafe.Add(ref to, 1)) to = *from;
        SlotRefs refs = default;
        if ((kind & CallKind.HasRefs) != 0) lane.TakeRefs(out refs);
        int sender = CallRecord.Sender(stamp);
        SetCurrent(lane, position); // before the release: a ticket that sees its position released then sees it running
        lane.Release();
        if ((kind & CallKind.Reply) != 0) RunReply(lane, kind, CallRecord.Index(stamp), thunk, sender, ref args, ref refs);
        else if ((kind & CallKind.Awaited) != 0) RunAwaited(thunk, sender, ref args, ref refs);
        else if ((kind & CallKind.Grouped) != 0) RunGrouped(lane.Owner.GroupAt(CallRecord.Index(stamp)), thunk, sender, ref args, ref refs);
        else RunAsync(lane, position, thunk, sender, ref args, ref refs);
        SetCurrent(null, 0); // after the outcome is recorded
    }

    /// <summary>The call running now (written by the core; read by tickets).</summary>
    private CallId CurrentCall => new(Volatile.Read(ref _running.Source), Volatile.Read(ref _running.Token));

    private void SetCurrent(object? source, long token)
    {
        // Release, token first: a reader that sees the source sees its token (a torn read only ever fails to match).
        Volatile.Write(ref _running.Token, token);
        Volatile.Write(ref _running.Source, source);
    }

    /// <summary>Whether the call (<paramref name="source"/>, <paramref name="token"/>) is running on this core now, or waiting on its stack.</summary>
    public bool IsRunning(object source, long token)
    {
        // A call moves between "current" and the stack when it starts or stops waiting; the version (a seqlock) makes the
        // two reads one snapshot. Nested calls changing "current" meanwhile do not matter: the waiting call is on the stack.
        while (true)
        {
            long version = Volatile.Read(ref _running.WaitVersion);
            bool running = (ReferenceEquals(Volatile.Read(ref _running.Source), source) && Volatile.Read(ref _running.Token) == token)
                || Stack.IsRunning(source, token);
            Interlocked.MemoryBarrier(); // the reads above complete before the version is read again
            if ((version & 1) == 0 && Volatile.Read(ref _running.WaitVersion) == version) return running;
            Thread.SpinWait(1);
        }
    }

    /// <summary>Whether a call of <paramref name="lane"/> published before <paramref name="end"/> is running on this core.</summary>
    public bool IsRunningBelow(Lane lane, long end)
    {
        while (true)
        {
            long version = Volatile.Read(ref _running.WaitVersion);
            bool running = (ReferenceEquals(Volatile.Read(ref _running.Source), lane) && Volatile.Read(ref _running.Token) < end)
                || Stack.HasLaneCallBelow(lane, end);
            Interlocked.MemoryBarrier();
            if ((version & 1) == 0 && Volatile.Read(ref _running.WaitVersion) == version) return running;
            Thread.SpinWait(1);
        }
    }

    private void RunAsync(Lane lane, long position, nint thunk, int sender, ref byte args, ref SlotRefs refs)
    {
        Exception? fault = null;
        if (!_cancelling)
        {
            var frame = new CallFrame(Runtime, Id, sender, ref args, ref refs, ref Unsafe.NullRef<byte>(), null, 0);
            fault = Invoke(thunk, ref frame);
            if (fault is null) return; // the common case writes nothing back: the release is the completion
        }
        lane.RecordFailure(position, fault);
    }

    private void RunReply(Lane lane, CallKind kind, int index, nint thunk, int sender, ref byte args, ref SlotRefs refs)
    {
        ReplyCells replies = lane.Owner.Replies;
        ReplyCell* cell = replies.At(index);
        int state;
        if (_cancelling || ((kind & CallKind.Cancellable) != 0 && !Begin(cell)))
        {
            state = ReplyCell.Cancelled;
        }
        else
        {
            object? box = (cell->Caller & ReplyCell.Boxed) != 0 ? replies.BoxAt(index) : null;
            var frame = new CallFrame(Runtime, Id, sender, ref args, ref refs, ref cell->Result, box, cell->ResultType);
            Exception? fault = Invoke(thunk, ref frame);
            if (fault is not null) replies.FaultAt(index) = fault;
            state = fault is null ? ReplyCell.Done : ReplyCell.Faulted;
        }
        // Release: the result and fault are visible to a sender that sees the state. Then the caller word, read with
        // no fence of our own: a sender that blocks sets Waiter and then issues a process-wide barrier (ReplyCells).
        Volatile.Write(ref cell->State, state);
        if ((Volatile.Read(ref cell->Caller) & ReplyCell.Waiter) != 0) lane.Owner.Waiter.Signal();
    }

    private void RunAwaited(nint thunk, int sender, ref byte args, ref SlotRefs refs)
    {
        IAwaitedCall call = refs.Awaited!;
        refs.Awaited = null;
        if (_cancelling || !call.TryStart())
        {
            call.Complete(Id, null, cancelled: true);
            return;
        }
        var frame = new CallFrame(Runtime, Id, sender, ref args, ref refs, ref Unsafe.NullRef<byte>(), call, call.ResultType);
        call.Complete(Id, Invoke(thunk, ref frame), cancelled: false);
    }

    /// <summary>Starts a cancellable call: false if its sender cancelled it first (Dekker with <see cref="ReplyCells.TryCancel"/>).</summary>
    private static bool Begin(ReplyCell* cell)
    {
        Volatile.Write(ref cell->State, ReplyCell.Started);
        return (Volatile.Read(ref cell->Caller) & ReplyCell.CancelRequested) == 0;
    }

    private void RunGrouped(Group group, nint thunk, int sender, ref byte args, ref SlotRefs refs)
    {
        if (_cancelling)
        {
            group.Complete(Id, null, cancelled: true);
            return;
        }
        ref byte result = ref group.ResultSlot(Id, out nint resultType);
        var frame = new CallFrame(Runtime, Id, sender, ref args, ref refs, ref result, null, resultType);
        group.Complete(Id, Invoke(thunk, ref frame), cancelled: false);
    }

    private int DrainRequests(int budget)
    {
        int ran = 0;
        while (ran < budget && _inbox.Take() is { } request)
        {
            CallId id = request.Id;
            SetCurrent(id.Source, id.Token);
            request.Run(this, _cancelling);
            SetCurrent(null, 0);
            _inbox.MarkFinished();
            ran++;
        }
        return ran;
    }

    /// <summary>Runs one handler, counting it and reporting what it throws; never lets an exception out.</summary>
    public Exception? Invoke(nint thunk, ref CallFrame frame)
    {
        nint outer = _hot.CurrentThunk;
        // Plain stores to the core's own line: the stall watchdog samples them racily, which is all it needs.
        _hot.CurrentThunk = thunk;
        long started = Runtime.Metrics.RecordsDuration ? Stopwatch.GetTimestamp() : 0;
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
            if (started != 0) Runtime.Metrics.RecordDuration(Id, started);
        }
    }

    /// <summary>Queues a private request: lock-free, never full.</summary>
    public void Enqueue(XCallRequest request) => _inbox.Push(request);

    /// <summary>Makes the core stop once everything accepted ran.</summary>
    public void RequestStop()
    {
        _stopRequested = true;
        Signal();
    }

    /// <summary>From now on queued calls end as cancelled instead of running.</summary>
    public void CancelRemaining()
    {
        _cancelling = true;
        Signal();
    }

    /// <summary>
    /// The call running now (see <see cref="CurrentCall"/>), the version that is odd while a call moves between
    /// current and the running stack (see <see cref="IsRunning"/>): written around every call, so on lines of their
    /// own — senders read the core's id and online flag on every send. (Explicit: a struct with a reference gets no
    /// sequential layout.)
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private struct Running
    {
        [FieldOffset(64)] public object? Source;
        [FieldOffset(72)] public long Token;
        [FieldOffset(80)] public long WaitVersion;
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
        public long IdlePolls;
        public long EmptyPolls;
        private PaddedLong _after;
#pragma warning restore CS0169
    }
}
