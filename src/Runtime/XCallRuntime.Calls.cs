using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace XCall;

// The low-level call API: every generated sender ends in one of these methods. THandler names the code that
// runs on the core (its thunk is one function pointer); TArgs is copied into the slot; references travel in CallRefs.
public sealed partial class XCallRuntime
{
    /// <summary>Runs <typeparamref name="THandler"/> on <paramref name="core"/> and waits for it (inline if the caller is that core).</summary>
    /// <typeparam name="THandler">The handler to run.</typeparam>
    /// <typeparam name="TArgs">Its argument struct.</typeparam>
    /// <param name="core">The target core id.</param>
    /// <param name="args">The arguments, copied into the slot.</param>
    /// <param name="refs">References that travel with the call.</param>
    /// <param name="priority">The queue to use on the core.</param>
    /// <exception cref="ArgumentOutOfRangeException">No such core.</exception>
    /// <exception cref="CoreOfflineException">The core is offline.</exception>
    /// <exception cref="QueueFullException">The queue is full and <see cref="XCallOptions.WhenQueueFull"/> is <see cref="FullQueuePolicy.Throw"/>.</exception>
    /// <exception cref="ObjectDisposedException">The runtime is shut down.</exception>
    /// <exception cref="OperationCanceledException">Shutdown cancelled the call before it ran.</exception>
    /// <remarks>Whatever the handler throws is rethrown here with its original stack trace.</remarks>
    public unsafe void Call<THandler, TArgs>(int core, in TArgs args, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
    {
        CheckPayload<TArgs>();
        if (TrySendFast(core, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, SlotFlags.Sync, null, 0, out Lane? lane, out long position))
            FinishSync(lane, position, null);
        else
            Unicast(core, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, SlotFlags.Sync, tryForm: false, null, 0, out _);
    }

    /// <summary>Runs <typeparamref name="THandler"/> on <paramref name="core"/>, waits for it and returns the value it set with <see cref="CallFrame.SetResult{T}(T)"/>.</summary>
    /// <inheritdoc cref="Call{THandler, TArgs}(int, in TArgs, CallRefs, CallPriority)"/>
    public unsafe TResult Call<THandler, TArgs, TResult>(int core, in TArgs args, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
    {
        CheckPayload<TArgs>();
        // A local, not the caller's storage: the core writes through this pointer, and a stack slot never moves.
        TResult result = default!;
        void* location = Unsafe.AsPointer(ref result);
        nint type = typeof(TResult).TypeHandle.Value;
        SlotFlags flags = SlotResult.FlagsFor<TResult>();
        if (TrySendFast(core, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, flags, location, type, out Lane? lane, out long position))
            FinishSync(lane, position, location);
        else
            Unicast(core, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, flags, tryForm: false, location, type, out _);
        return result;
    }

    /// <summary>
    /// Runs <typeparamref name="THandler"/> on the one core a single-core <paramref name="target"/> names — <see cref="Target.Core(int)"/>,
    /// or the core <see cref="Target.AnyOf(CoreMask)"/> picks — waits for it and returns the value it set.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="target"/> names several cores (use the overload with a results span).</exception>
    /// <inheritdoc cref="Call{THandler, TArgs}(int, in TArgs, CallRefs, CallPriority)"/>
    public TResult Call<THandler, TArgs, TResult>(in Target target, in TArgs args, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        => Call<THandler, TArgs, TResult>(SingleCore(target), in args, refs, priority);

    /// <summary>Runs <typeparamref name="THandler"/> on every core of <paramref name="target"/> and waits for all; returns how many cores ran it.</summary>
    /// <typeparam name="THandler">The handler to run.</typeparam>
    /// <typeparam name="TArgs">Its argument struct.</typeparam>
    /// <param name="target">Where to run it (offline cores are skipped, and the calling core runs its part inline).</param>
    /// <param name="args">The arguments, copied into each target's slot.</param>
    /// <param name="refs">References that travel with the call.</param>
    /// <param name="priority">The queue to use on each core.</param>
    /// <exception cref="AggregateException">Handlers threw: one inner exception per failing core, in core order.</exception>
    /// <exception cref="ArgumentException">The target's mask is empty or names a core that does not exist.</exception>
    public unsafe int Call<THandler, TArgs>(in Target target, in TArgs args, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
    {
        Multicast(in target, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, sync: true, tryForm: false, null, 0, 0, out _, out int count);
        return count;
    }

    /// <summary>
    /// Runs <typeparamref name="THandler"/> on every core of <paramref name="target"/>, waits for all, and stores core
    /// <c>i</c>'s result in <c>results[i]</c> (entries of cores that did not run it are left as they were). Returns how many cores ran it.
    /// </summary>
    /// <typeparam name="THandler">The handler to run.</typeparam>
    /// <typeparam name="TArgs">Its argument struct.</typeparam>
    /// <typeparam name="TResult">The result type the handler sets.</typeparam>
    /// <param name="target">Where to run it (offline cores are skipped, and the calling core runs its part inline).</param>
    /// <param name="args">The arguments, copied into each target's slot.</param>
    /// <param name="results">At least <see cref="CoreCount"/> entries, indexed by core id.</param>
    /// <param name="refs">References that travel with the call.</param>
    /// <param name="priority">The queue to use on each core.</param>
    /// <exception cref="AggregateException">Handlers threw: one inner exception per failing core, in core order.</exception>
    /// <exception cref="ArgumentException">The target's mask is empty or names a core that does not exist, or <paramref name="results"/> is too short.</exception>
    public unsafe int Call<THandler, TArgs, TResult>(in Target target, in TArgs args, Span<TResult> results, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        where TResult : unmanaged
    {
        CheckResults(results);
        // Pinned for the whole call: the caller waits for every core, so the pointers never outlive it.
        fixed (TResult* first = results)
        {
            Multicast(in target, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, sync: true, tryForm: false, (byte*)first, sizeof(TResult), typeof(TResult).TypeHandle.Value, out _, out int count);
            return count;
        }
    }

    /// <summary>Queues <typeparamref name="THandler"/> on <paramref name="core"/> and returns at once with a ticket (runs inline if the caller is that core).</summary>
    /// <inheritdoc cref="Call{THandler, TArgs}(int, in TArgs, CallRefs, CallPriority)"/>
    public unsafe Ticket Post<THandler, TArgs>(int core, in TArgs args, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
    {
        CheckPayload<TArgs>();
        if (TrySendFast(core, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, SlotFlags.None, null, 0, out Lane? lane, out long position))
            return new Ticket(lane, position);
        Unicast(core, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, SlotFlags.None, tryForm: false, null, 0, out Ticket ticket);
        return ticket;
    }

    /// <summary>Queues <typeparamref name="THandler"/> on every core of <paramref name="target"/> and returns one ticket for all of them.</summary>
    /// <inheritdoc cref="Call{THandler, TArgs}(in Target, in TArgs, CallRefs, CallPriority)"/>
    public unsafe Ticket Post<THandler, TArgs>(in Target target, in TArgs args, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
    {
        Multicast(in target, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, sync: false, tryForm: false, null, 0, 0, out Ticket ticket, out _);
        return ticket;
    }

    /// <summary>Like <see cref="Call{THandler, TArgs}(in Target, in TArgs, CallRefs, CallPriority)"/>, but returns <see cref="CallStatus.Busy"/> (sending nothing) when a target queue is full.</summary>
    /// <inheritdoc cref="Call{THandler, TArgs}(in Target, in TArgs, CallRefs, CallPriority)"/>
    public unsafe CallStatus TryCall<THandler, TArgs>(in Target target, in TArgs args, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        => Multicast(in target, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, sync: true, tryForm: true, null, 0, 0, out _, out _);

    /// <summary>Like <see cref="Call{THandler, TArgs, TResult}(int, in TArgs, CallRefs, CallPriority)"/>, but returns <see cref="CallStatus.Busy"/> when the queue is full.</summary>
    /// <inheritdoc cref="Call{THandler, TArgs}(int, in TArgs, CallRefs, CallPriority)"/>
    public unsafe CallStatus TryCall<THandler, TArgs, TResult>(int core, in TArgs args, out TResult result, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
    {
        TResult local = default!; // the core writes to this stack slot; `result` may live on the heap
        CallStatus status = Unicast(core, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, SlotResult.FlagsFor<TResult>(), tryForm: true,
            Unsafe.AsPointer(ref local), typeof(TResult).TypeHandle.Value, out _);
        result = local;
        return status;
    }

    /// <summary>Like <see cref="Call{THandler, TArgs, TResult}(in Target, in TArgs, CallRefs, CallPriority)"/>, but returns <see cref="CallStatus.Busy"/> when the queue is full.</summary>
    /// <exception cref="ArgumentException"><paramref name="target"/> names several cores.</exception>
    /// <inheritdoc cref="Call{THandler, TArgs}(int, in TArgs, CallRefs, CallPriority)"/>
    public CallStatus TryCall<THandler, TArgs, TResult>(in Target target, in TArgs args, out TResult result, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        => TryCall<THandler, TArgs, TResult>(SingleCore(target), in args, out result, refs, priority);

    /// <summary>Like <see cref="Call{THandler, TArgs, TResult}(in Target, in TArgs, Span{TResult}, CallRefs, CallPriority)"/>, but returns <see cref="CallStatus.Busy"/> (sending nothing) when a target queue is full.</summary>
    /// <inheritdoc cref="Call{THandler, TArgs, TResult}(in Target, in TArgs, Span{TResult}, CallRefs, CallPriority)"/>
    public unsafe CallStatus TryCall<THandler, TArgs, TResult>(in Target target, in TArgs args, Span<TResult> results, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        where TResult : unmanaged
    {
        CheckResults(results);
        fixed (TResult* first = results)
        {
            return Multicast(in target, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, sync: true, tryForm: true, (byte*)first, sizeof(TResult), typeof(TResult).TypeHandle.Value, out _, out _);
        }
    }

    /// <summary>Like <see cref="Post{THandler, TArgs}(in Target, in TArgs, CallRefs, CallPriority)"/>, but returns <see cref="CallStatus.Busy"/> (sending nothing) when a target queue is full.</summary>
    /// <typeparam name="THandler">The handler to run.</typeparam>
    /// <typeparam name="TArgs">Its argument struct.</typeparam>
    /// <param name="target">Where to run it (offline cores are skipped, and the calling core runs its part inline).</param>
    /// <param name="args">The arguments, copied into each target's slot.</param>
    /// <param name="ticket">The ticket of the accepted call; a completed ticket when busy.</param>
    /// <param name="refs">References that travel with the call.</param>
    /// <param name="priority">The queue to use on each core.</param>
    /// <exception cref="ArgumentException">The target's mask is empty or names a core that does not exist.</exception>
    public unsafe CallStatus TryPost<THandler, TArgs>(in Target target, in TArgs args, out Ticket ticket, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        => Multicast(in target, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, sync: false, tryForm: true, null, 0, 0, out ticket, out _);

    private enum WhenFull : byte
    {
        Busy,
        Throw,
        Wait,
    }

    private enum Sent : byte
    {
        Yes,
        Busy,
        Offline,
    }

    private WhenFull FullMode(bool tryForm) =>
        tryForm ? WhenFull.Busy : _whenFull == FullQueuePolicy.Throw ? WhenFull.Throw : WhenFull.Wait;

    /// <summary>The general path to one core; <paramref name="flags"/> is <see cref="SlotFlags.None"/> for an async call, else the sync flags.</summary>
    private unsafe CallStatus Unicast<TArgs>(int core, nint thunk, in TArgs args, in CallRefs refs, CallPriority priority,
        SlotFlags flags, bool tryForm, void* result, nint resultType, out Ticket ticket)
        where TArgs : unmanaged
    {
        bool sync = (flags & SlotFlags.Sync) != 0;
        CheckPayload<TArgs>();
        ticket = default;
        Core target = ValidCore(core);
        ProducerContext context = Context();
        Core? self = context.Self;
        if (target == self)
        {
            ThrowIfDisposed();
            if (!target.IsOnline) throw new CoreOfflineException(core);
            context.Counters.Inline++;
            if (RunInline(target, thunk, in args, in refs, result, resultType) is { } fault)
            {
                if (sync) ExceptionDispatchInfo.Throw(fault);
                ticket = new Ticket(fault, 0);
            }
            return CallStatus.Accepted;
        }

        Lane lane;
        long position;
        context.EnterSend();
        try
        {
            // Checked inside the admission window, so TakeOffline (which waits for open windows) never misses this call.
            if (!target.IsOnline) throw new CoreOfflineException(core);
            Sent sent = Enqueue(context, target, thunk, in args, in refs, priority, flags,
                context.SelfId, result, resultType, null, FullMode(tryForm), out lane, out _, out position);
            if (sent == Sent.Busy) return CallStatus.Busy;
            if (sent == Sent.Offline) throw new CoreOfflineException(core);
        }
        finally
        {
            context.ExitSend();
        }
        if (!sync)
        {
            ticket = new Ticket(lane, position);
            return CallStatus.Accepted;
        }

        FinishSync(lane, position, result);
        return CallStatus.Accepted;
    }

    /// <summary>
    /// The common case of a call to one core, kept small so it stays fast: a remote, online core with room in this
    /// thread's lane, and no references. False when any of that does not hold; the general path then handles it
    /// (inline calls, offline cores, full queues, references) with nothing sent yet.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe bool TrySendFast<TArgs>(int core, nint thunk, in TArgs args, in CallRefs refs, CallPriority priority,
        SlotFlags flags, void* result, nint resultType, [NotNullWhen(true)] out Lane? lane, out long position)
        where TArgs : unmanaged
    {
        ProducerContext context = Context();
        Core target = ValidCore(core);
        lane = null;
        position = 0;
        if (target == context.Self || !refs.IsEmpty) return false;
        context.EnterSend();
        Lane candidate = context.LaneTo(target, priority);
        byte* slot;
        if (!target.IsOnline || (slot = candidate.TryClaim(out position)) == null)
        {
            context.ExitSend();
            return false;
        }
        Fill(slot, thunk, flags, context.SelfId, result, resultType, in args);
        candidate.Publish(slot, position);
        context.ExitSend();
        target.Wake(ref context.Counters);
        lane = candidate;
        return true;
    }

    /// <summary>
    /// Waits for a sync call to one core and collects it: a small result into <paramref name="location"/>, then throws what
    /// the handler threw (or the cancellation).
    /// </summary>
    private unsafe void FinishSync(Lane lane, long position, void* location)
    {
        var finished = new SlotCondition(lane.SlotAt(position), position);
        Wait(ref finished, Deadline.Never, lane.Owner.Self); // the lane's owner is this thread: no thread-static read
        TicketStatus outcome = lane.Collect(position, location, out Exception? fault);
        if (outcome == TicketStatus.Cancelled || fault is OperationCanceledException) throw Cancelled(lane.Target.Id);
        if (fault is not null) ExceptionDispatchInfo.Throw(fault);
    }

    private unsafe CallStatus Multicast<TArgs>(in Target target, nint thunk, in TArgs args, in CallRefs refs, CallPriority priority,
        bool sync, bool tryForm, byte* results, int resultSize, nint resultType, out Ticket ticket, out int count)
        where TArgs : unmanaged
    {
        CheckPayload<TArgs>();
        ticket = default;
        count = 0;
        if (target.Kind is TargetKind.Core or TargetKind.Any)
        {
            int core = target.Kind == TargetKind.Core ? target.CoreId : PickAny(target.Mask).Id;
            void* result = results == null ? null : results + (long)ValidCore(core).Id * resultSize;
            CallStatus status = Unicast(core, thunk, in args, in refs, priority, sync ? SlotFlags.Sync : SlotFlags.None, tryForm, result, resultType, out ticket);
            count = status == CallStatus.Accepted ? 1 : 0;
            return status;
        }

        CoreMask mask = ResolveMany(target); // runs the caller's condition: outside the admission window
        ProducerContext context = Context();
        Core? self = context.Self;
        bool includeSelf;
        Group group;
        long generation;
        WhenFull whenFull = FullMode(tryForm);
        context.EnterSend();
        try
        {
            mask &= OnlineCores; // again inside the window: a core may have gone offline meanwhile
            includeSelf = self is not null && mask.Contains(self.Id);
            CoreMask remote = includeSelf ? mask.Without(self!.Id) : mask;
            if (mask.IsEmpty) return CallStatus.Accepted;
            if (whenFull != WhenFull.Wait)
            {
                // All or nothing: this thread is the only producer of its lanes, so space seen now stays free.
                foreach (int id in remote)
                {
                    if (context.LaneTo(_cores[id], priority).HasSpace) continue;
                    context.Counters.QueueFull++;
                    if (whenFull == WhenFull.Busy) return CallStatus.Busy;
                    throw new QueueFullException(id);
                }
            }
            count = mask.Count;
            group = context.RentGroup();
            generation = group.Begin(count);
            foreach (int id in remote)
            {
                byte* result = results == null ? null : results + (long)id * resultSize;
                if (Enqueue(context, _cores[id], thunk, in args, in refs, priority, SlotFlags.Grouped, context.SelfId,
                        result, resultType, group, WhenFull.Wait, out _, out _, out _) == Sent.Offline)
                {
                    count--;
                    group.Complete(id, null, cancelled: false); // went offline while this thread waited for space
                }
            }
        }
        finally
        {
            context.ExitSend();
        }
        context.Counters.Multicast++;
        context.Counters.MulticastSlots += count - (includeSelf ? 1 : 0);
        // Like Linux, the local part runs after the remote ones were sent, so they run in parallel with it.
        if (includeSelf && self is not null)
        {
            byte* result = results == null ? null : results + (long)self.Id * resultSize;
            group.Complete(self.Id, RunInline(self, thunk, in args, in refs, result, resultType), cancelled: false);
        }
        ticket = new Ticket(group, generation);
        if (!sync) return CallStatus.Accepted;

        var finished = new GroupCondition(group);
        Wait(ref finished, Deadline.Never);
        if (group.TakeFault() is { } fault) throw fault;
        if (group.WasCancelled) throw Cancelled(-1);
        return CallStatus.Accepted;
    }

    /// <summary>Copies one call into the caller's lane to <paramref name="target"/> and publishes it. Runs inside the admission window.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe Sent Enqueue<TArgs>(ProducerContext context, Core target, nint thunk, in TArgs args, in CallRefs refs,
        CallPriority priority, SlotFlags flags, int sender, void* result, nint resultType, Group? group, WhenFull whenFull,
        out Lane lane, out byte* slot, out long position)
        where TArgs : unmanaged
    {
        lane = context.LaneTo(target, priority);
        slot = lane.TryClaim(out position);
        if (slot == null)
        {
            context.Counters.QueueFull++;
            if (whenFull == WhenFull.Busy) return Sent.Busy;
            if (whenFull == WhenFull.Throw) throw new QueueFullException(target.Id);
            slot = WaitForSlot(context, lane, out position);
            if (slot == null) return Sent.Offline;
        }

        if (!refs.IsEmpty) flags |= SlotFlags.HasRefs;
        Fill(slot, thunk, flags, sender, result, resultType, in args);
        if ((flags & (SlotFlags.HasRefs | SlotFlags.Grouped)) != 0)
        {
            ref SlotRefs slotRefs = ref lane.RefsAt(position);
            slotRefs.Set(refs);
            slotRefs.Group = group;
        }
        lane.Publish(slot, position);
        target.Wake(ref context.Counters);
        return Sent.Yes;
    }

    /// <summary>Writes a call into a claimed slot (everything but its references and the publishing stamp).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Fill<TArgs>(byte* slot, nint thunk, SlotFlags flags, int sender, void* result, nint resultType, in TArgs args)
        where TArgs : unmanaged
    {
        Slot.Thunk(slot) = thunk;
        Slot.Flags(slot) = flags;
        Slot.Sender(slot) = sender;
        Slot.Result(slot) = (nint)result;
        Slot.Auxiliary(slot) = resultType;
        Unsafe.WriteUnaligned(Slot.Payload(slot), args);
    }

    /// <summary>
    /// Waits for the lane's next slot to free up, outside the admission window (so disposal and TakeOffline never
    /// wait on it); a waiting core keeps running its own queue. Null if the target went offline meanwhile.
    /// </summary>
    private unsafe byte* WaitForSlot(ProducerContext context, Lane lane, out long position)
    {
        context.ExitSend();
        Core? self = CurrentCoreHere;
        var backoff = new Backoff(PollWindowTicks, Oversubscribed);
        while (!lane.HasSpace)
        {
            if (IsClosed) ThrowClosed();
            if (_manual is not null) _manual.DriveOnceOrThrow("a free slot");
            else if (self is null || self.PollNested() == 0) backoff.Pause();
        }
        context.EnterSend();
        position = 0;
        return lane.Target.IsOnline ? lane.TryClaim(out position) : null;
    }

    private unsafe Exception? RunInline<TArgs>(Core core, nint thunk, in TArgs args, in CallRefs refs, void* result, nint resultType)
        where TArgs : unmanaged
    {
        SlotRefs slotRefs = default;
        slotRefs.Set(refs);
        var frame = new CallFrame(this, core.Id, core.Id, ref Unsafe.As<TArgs, byte>(ref Unsafe.AsRef(in args)), ref slotRefs, result, resultType);
        return core.Invoke(thunk, ref frame);
    }

    /// <summary>The core a single-core target names (picking it now for "any of a mask").</summary>
    private int SingleCore(in Target target) => target.Kind switch
    {
        TargetKind.Core => target.CoreId,
        TargetKind.Any => PickAny(target.Mask).Id,
        _ => throw new ArgumentException($"{target} names several cores, so it has several results: pass a results span.", nameof(target)),
    };

    private void CheckResults<TResult>(Span<TResult> results)
    {
        if (results.Length < _cores.Length)
            throw new ArgumentException($"The results span has {results.Length} entries; it needs one per core ({_cores.Length}), indexed by core id.", nameof(results));
    }

    private static OperationCanceledException Cancelled(int core) => new(core >= 0
        ? $"The call to core {core} was cancelled: the runtime shut down before the core ran it."
        : "The call was cancelled on one or more cores: the runtime shut down before they ran it.");
}
